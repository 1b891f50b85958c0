"""NumPy version of examples/suite/monte_carlo.m."""
import sys
import numpy as np

def main(M=1000000, T=256):
    rng = np.random.default_rng(0)
    S0, mu, sigma = np.float32(100), np.float32(0.05), np.float32(0.20)
    dt, K = np.float32(1.0 / 252.0), np.float32(100.0)
    S = np.ones(M, dtype=np.float32) * S0
    drift = (mu - np.float32(0.5) * sigma ** 2) * dt
    scale = sigma * np.sqrt(dt)
    for _ in range(T):
        Z = rng.standard_normal(M, dtype=np.float32)
        S = S * np.exp(drift + scale * Z)
    payoff = np.maximum(S - K, 0)
    price = payoff.mean() * np.exp(-mu * T * dt)
    print("RESULT_ok PRICE=%.6f" % float(price))

if __name__ == "__main__":
    main(**{k: int(v) for k, v in (a.split("=") for a in sys.argv[1:])})
