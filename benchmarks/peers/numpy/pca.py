"""NumPy version of examples/suite/pca.m (same algorithm, float32)."""
import sys
import numpy as np

def main(n=200000, d=1024, k=8, iters=15):
    rng = np.random.default_rng(0)
    A = rng.random((n, d), dtype=np.float32)
    A -= A.mean(axis=0)
    G = (A.T @ A) / np.float32(n - 1)
    Q = rng.random((d, k), dtype=np.float32)
    Q, _ = np.linalg.qr(Q)
    for _ in range(iters):
        Q, _ = np.linalg.qr(G @ Q)
    lam = np.diag(Q.T @ G @ Q)
    explained = lam.astype(np.float64) / np.sum(np.diag(G).astype(np.float64))
    print("RESULT_ok EXPLAINED1=%.4f TOPK_SUM=%.6e" % (explained[0], np.sum(lam.astype(np.float64))))

if __name__ == "__main__":
    main(**{k: int(v) for k, v in (a.split("=") for a in sys.argv[1:])})
