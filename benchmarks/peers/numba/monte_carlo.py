"""Numba version of examples/suite/monte_carlo.m: one path per parallel
iteration (prange), its time steps in a loop, drawing as it goes."""
import sys
import numpy as np
from numba import njit, prange


@njit(parallel=True, fastmath=True, cache=True)
def payoffs(M, T, S0, drift, scale, K):
    total = 0.0
    for i in prange(M):
        s = S0
        for _ in range(T):
            s *= np.float32(np.exp(drift + scale * np.float32(np.random.standard_normal())))
        total += max(s - K, np.float32(0.0))
    return total / M


def main(M=1000000, T=256):
    np.random.seed(0)
    S0, mu, sigma = np.float32(100), np.float32(0.05), np.float32(0.20)
    dt, K = np.float32(1.0 / 252.0), np.float32(100.0)
    drift = (mu - np.float32(0.5) * sigma ** 2) * dt
    scale = sigma * np.sqrt(dt)
    price = payoffs(M, T, S0, drift, scale, K) * np.exp(-mu * T * dt)
    print("RESULT_ok PRICE=%.6f" % float(price))


if __name__ == "__main__":
    main(**{k: int(v) for k, v in (a.split("=") for a in sys.argv[1:])})
