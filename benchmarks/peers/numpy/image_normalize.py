"""NumPy version of examples/suite/image_normalize.m."""
import sys
import numpy as np

def main(B=16, H=2160, W=3840):
    rng = np.random.default_rng(0)
    gain, bias, gamma, eps0 = np.float32(1.0123), np.float32(-0.02), np.float32(1.8), np.float32(1e-6)
    imgs = rng.random((B, H, W), dtype=np.float32)
    mu = imgs.mean(axis=(1, 2), keepdims=True)
    sigma = np.sqrt(((imgs - mu) ** 2).mean(axis=(1, 2), keepdims=True) + eps0)
    out = ((imgs - mu) / sigma) * gain + bias
    out = np.maximum(out, np.float32(0))
    out = out ** gamma
    mse = np.mean((out - imgs) ** 2)
    print("RESULT_ok MSE=%.6e" % float(mse))

if __name__ == "__main__":
    main(**{k: int(v) for k, v in (a.split("=") for a in sys.argv[1:])})
