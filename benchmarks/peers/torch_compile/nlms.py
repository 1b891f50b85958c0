from common import DEV, bench, compiled, params, step_calls
import torch

p = params({"p": 128, "C": 2048, "T": 200, "mode": "default", "block": 50})
P, C, T, S = p["p"], p["C"], p["T"], min(p["block"], p["T"])
mu, eps0 = 0.5, 1e-3

def steps(W, n):
    d = x = None
    for _ in range(n):
        x = torch.rand(P, C, device=DEV)
        d = (x * x).sum(0, keepdim=True)
        y = (x * W).sum(0, keepdim=True)
        e = d - y
        nx = (x ** 2).sum(0, keepdim=True) + eps0
        W = W + mu * x * (e / nx)
    return W, d, x

f = compiled(lambda W: steps(W, S), p["mode"])

def run():
    torch.manual_seed(0)
    step_calls(p["mode"])  # one CUDA-graph step a run: each block's graph feeds the next
    W = torch.zeros(P, C, device=DEV)
    d = x = None
    for _ in range(T // S):
        W, d, x = f(W)
    if T % S:
        W, d, x = steps(W, T % S)
    r = d - (x * W).sum(0, keepdim=True)
    mse = (r ** 2).mean()
    return lambda: "RESULT_ok MSE=%.6e" % mse.item()

bench(run, warmup=3, variant="torch.compile mode=%s, %d steps a graph" % (p["mode"], S))
