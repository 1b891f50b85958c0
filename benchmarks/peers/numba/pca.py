"""Numba version of examples/suite/pca.m: the centering in a parallel loop;
the Gram product, the power steps and the QRs through NumPy's BLAS and
LAPACK, as an expert would leave them (Numba does not beat BLAS)."""
import sys
import numpy as np
from numba import njit, prange


@njit(parallel=True, fastmath=True, cache=True)
def center(A):
    n, d = A.shape
    for j in prange(d):
        s = 0.0
        for i in range(n):
            s += A[i, j]
        m = np.float32(s / n)
        for i in range(n):
            A[i, j] -= m


def main(n=200000, d=1024, k=8, iters=15):
    rng = np.random.default_rng(0)
    A = rng.random((n, d), dtype=np.float32)
    center(A)
    G = (A.T @ A) / np.float32(n - 1)
    Q, _ = np.linalg.qr(rng.random((d, k), dtype=np.float32))
    for _ in range(iters):
        Q, _ = np.linalg.qr(G @ Q)
    lam = np.diag(Q.T @ G @ Q)
    explained = lam.astype(np.float64) / np.sum(np.diag(G).astype(np.float64))
    print("RESULT_ok EXPLAINED1=%.4f TOPK_SUM=%.6e" % (explained[0], np.sum(lam.astype(np.float64))))


if __name__ == "__main__":
    main(**{k: int(v) for k, v in (a.split("=") for a in sys.argv[1:])})
