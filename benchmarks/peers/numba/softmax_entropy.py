"""Numba version of examples/generic/softmax_entropy.m: one row per
parallel iteration (prange), its max, exponentials, sum and entropy in
loops over the row."""
import sys
import numpy as np
from numba import njit, prange


@njit(parallel=True, fastmath=True, cache=True)
def mean_entropy(X):
    n, m = X.shape
    ent = np.zeros(n)
    for i in prange(n):
        mx = X[i, 0]
        for j in range(m):
            mx = max(mx, X[i, j])
        s = np.float32(0.0)
        for j in range(m):
            s += np.exp(X[i, j] - mx)
        h = np.float32(0.0)
        for j in range(m):
            p = np.exp(X[i, j] - mx) / s
            h -= p * np.log(p)
        ent[i] = h
    return ent.mean()


def main(n=16384, m=1024):
    rng = np.random.default_rng(0)
    X = rng.random((n, m), dtype=np.float32) * np.float32(8)
    print("RESULT_ok ENTROPY=%.6e" % mean_entropy(X))


if __name__ == "__main__":
    main(**{k: int(v) for k, v in (a.split("=") for a in sys.argv[1:])})
