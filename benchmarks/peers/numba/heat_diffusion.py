"""Numba version of examples/generic/heat_diffusion.m: each step a parallel
loop (prange) over the interior into a second buffer (the step reads the
old values), the buffers swapped."""
import sys
import numpy as np
from numba import njit, prange


@njit(parallel=True, fastmath=True, cache=True)
def diffuse(u, steps):
    v = u.copy()
    n = u.shape[0]
    for _ in range(steps):
        for i in prange(1, n - 1):
            v[i] = u[i] + np.float32(0.25) * (u[i - 1] - np.float32(2) * u[i] + u[i + 1])
        u, v = v, u
    return u


def main(N=1000000, steps=100):
    rng = np.random.default_rng(0)
    u = diffuse(rng.random(N, dtype=np.float32), steps)
    print("RESULT_ok MEAN=%.6e" % float(u.mean()))


if __name__ == "__main__":
    main(**{k: int(v) for k, v in (a.split("=") for a in sys.argv[1:])})
