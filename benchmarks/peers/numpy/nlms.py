"""NumPy version of examples/suite/nlms.m."""
import sys
import numpy as np

def main(p=128, C=2048, T=200):
    rng = np.random.default_rng(0)
    mu, eps0 = np.float32(0.5), np.float32(1e-3)
    W = np.zeros((p, C), dtype=np.float32)
    for _ in range(T):
        x = rng.random((p, C), dtype=np.float32)
        d = np.sum(x * x, axis=0)
        y = np.sum(x * W, axis=0)
        e = d - y
        nx = np.sum(x ** 2, axis=0) + eps0
        W = W + mu * x * (e / nx)
    r = d - np.sum(x * W, axis=0)
    print("RESULT_ok MSE=%.6e" % float(np.mean(r ** 2)))

if __name__ == "__main__":
    main(**{k: int(v) for k, v in (a.split("=") for a in sys.argv[1:])})
