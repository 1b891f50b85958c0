"""Numba version of examples/suite/iir_smoothing.m: one signal per parallel
iteration (prange), the filter's time steps in a loop, drawing as it goes."""
import sys
import numpy as np
from numba import njit, prange


@njit(parallel=True, fastmath=True, cache=True)
def smoothed_mean(M, T, alpha, beta):
    total = 0.0
    for i in prange(M):
        y = np.float32(0.0)
        for _ in range(T):
            y = alpha * y + beta * np.float32(np.random.random())
        total += y
    return total / M


def main(M=1000000, T=2048):
    np.random.seed(0)
    print("RESULT_ok MEAN=%.6e" % float(smoothed_mean(M, T, np.float32(0.98), np.float32(0.02))))


if __name__ == "__main__":
    main(**{k: int(v) for k, v in (a.split("=") for a in sys.argv[1:])})
