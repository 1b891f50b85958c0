"""NumPy version of examples/generic/softmax_entropy.m."""
import sys
import numpy as np


def main(n=16384, m=1024):
    rng = np.random.default_rng(0)
    X = rng.random((n, m), dtype=np.float32) * np.float32(8)
    E = np.exp(X - X.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    ent = -(P * np.log(P)).sum(axis=1)
    print("RESULT_ok ENTROPY=%.6e" % float(ent.mean()))


if __name__ == "__main__":
    main(**{k: int(v) for k, v in (a.split("=") for a in sys.argv[1:])})
