"""What the JAX peers share: float32 with the highest matmul precision (no
TF32), the timing of gpu_timing.py, and time loops as lax.fori_loop with an
unroll factor from the command line (unroll=N)."""
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import jax
import jax.numpy as jnp  # noqa: F401
from gpu_timing import bench, params  # noqa: F401

jax.config.update("jax_default_matmul_precision", "highest")
KEY = jax.random.PRNGKey(0)
