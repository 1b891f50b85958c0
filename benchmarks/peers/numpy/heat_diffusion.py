"""NumPy version of examples/generic/heat_diffusion.m."""
import sys
import numpy as np


def main(N=1000000, steps=100):
    rng = np.random.default_rng(0)
    u = rng.random(N, dtype=np.float32)
    for _ in range(steps):
        u[1:-1] = u[1:-1] + np.float32(0.25) * (u[:-2] - np.float32(2) * u[1:-1] + u[2:])
    print("RESULT_ok MEAN=%.6e" % float(u.mean()))


if __name__ == "__main__":
    main(**{k: int(v) for k, v in (a.split("=") for a in sys.argv[1:])})
