"""Numba version of examples/suite/image_normalize.m: the images drawn with
NumPy, then one parallel loop per pass (mean, variance, and the normalise,
gamma and error pass fused), over the rows of all images."""
import sys
import numpy as np
from numba import njit, prange


@njit(parallel=True, fastmath=True, cache=True)
def mse(imgs, gain, bias, gamma, eps0):
    B, H, W = imgs.shape
    mu = np.zeros(B)
    sigma = np.zeros(B)
    for b in range(B):
        s = 0.0
        for h in prange(H):
            for w in range(W):
                s += imgs[b, h, w]
        mu[b] = s / (H * W)
        v = 0.0
        for h in prange(H):
            for w in range(W):
                d = imgs[b, h, w] - mu[b]
                v += d * d
        sigma[b] = np.sqrt(v / (H * W) + eps0)
    err = 0.0
    for b in range(B):
        m, sg = np.float32(mu[b]), np.float32(sigma[b])
        for h in prange(H):
            for w in range(W):
                x = imgs[b, h, w]
                o = max((x - m) / sg * gain + bias, np.float32(0.0)) ** gamma
                err += (o - x) * (o - x)
    return err / (B * H * W)


def main(B=16, H=2160, W=3840):
    rng = np.random.default_rng(0)
    imgs = rng.random((B, H, W), dtype=np.float32)
    print("RESULT_ok MSE=%.6e" % mse(imgs, np.float32(1.0123), np.float32(-0.02), np.float32(1.8), 1e-6))


if __name__ == "__main__":
    main(**{k: int(v) for k, v in (a.split("=") for a in sys.argv[1:])})
