"""Numba version of examples/suite/nlms.m: one filter (column) per parallel
iteration (prange), its time steps in a loop, drawing as it goes."""
import sys
import numpy as np
from numba import njit, prange


@njit(parallel=True, fastmath=True, cache=True)
def final_errors(p, C, T, mu, eps0):
    r2 = np.zeros(C)
    for c in prange(C):
        w = np.zeros(p, dtype=np.float32)
        x = np.zeros(p, dtype=np.float32)
        d = np.float32(0.0)
        for _ in range(T):
            d = np.float32(0.0)
            y = np.float32(0.0)
            for i in range(p):
                x[i] = np.float32(np.random.random())
                d += x[i] * x[i]
                y += x[i] * w[i]
            e = d - y
            nx = d + eps0
            for i in range(p):
                w[i] += mu * x[i] * (e / nx)
        y = np.float32(0.0)
        for i in range(p):
            y += x[i] * w[i]
        r2[c] = (d - y) * (d - y)
    return r2.mean()


def main(p=128, C=2048, T=200):
    np.random.seed(0)
    print("RESULT_ok MSE=%.6e" % final_errors(p, C, T, np.float32(0.5), np.float32(1e-3)))


if __name__ == "__main__":
    main(**{k: int(v) for k, v in (a.split("=") for a in sys.argv[1:])})
