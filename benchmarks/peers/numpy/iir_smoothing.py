"""NumPy version of examples/suite/iir_smoothing.m."""
import sys
import numpy as np

def main(M=1000000, T=2048):
    rng = np.random.default_rng(0)
    alpha, beta = np.float32(0.98), np.float32(0.02)
    Y = np.zeros(M, dtype=np.float32)
    for _ in range(T):
        x = rng.random(M, dtype=np.float32)
        Y = alpha * Y + beta * x
    print("RESULT_ok MEAN=%.6e" % float(Y.mean()))

if __name__ == "__main__":
    main(**{k: int(v) for k, v in (a.split("=") for a in sys.argv[1:])})
