from common import DEV, bench, compiled, params, step_calls
import math, torch

p = params({"M": 1000000, "T": 256, "mode": "default", "block": 64})
M, T, S = p["M"], p["T"], min(p["block"], p["T"])
S0, mu, sigma, dt, K = 100.0, 0.05, 0.20, 1.0 / 252.0, 100.0
drift = (mu - 0.5 * sigma ** 2) * dt
scale = sigma * math.sqrt(dt)

def steps(S_, n):
    for _ in range(n):
        S_ = S_ * torch.exp(drift + scale * torch.randn(M, device=DEV))
    return S_

f = compiled(lambda S_: steps(S_, S), p["mode"])

def run():
    torch.manual_seed(0)
    step_calls(p["mode"])  # one CUDA-graph step a run: each block's graph feeds the next
    St = torch.full((M,), S0, device=DEV)
    for _ in range(T // S):
        St = f(St)
    St = steps(St, T % S)
    price = torch.clamp(St - K, min=0).mean() * math.exp(-mu * T * dt)
    return lambda: "RESULT_ok PRICE=%.6f" % price.item()

bench(run, warmup=3, variant="torch.compile mode=%s, %d steps a graph" % (p["mode"], S))
