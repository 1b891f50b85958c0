from common import DEV, bench, compiled, params, step_calls
import torch

p = params({"M": 1000000, "T": 2048, "mode": "default", "block": 128})
M, T, S = p["M"], p["T"], min(p["block"], p["T"])

def block(Y):
    for _ in range(S):
        Y = 0.98 * Y + 0.02 * torch.rand(M, 1, device=DEV)
    return Y

def tail(Y):
    for _ in range(T % S):
        Y = 0.98 * Y + 0.02 * torch.rand(M, 1, device=DEV)
    return Y

f = compiled(block, p["mode"])

def run():
    torch.manual_seed(0)
    step_calls(p["mode"])  # one CUDA-graph step a run: each block's graph feeds the next
    Y = torch.zeros(M, 1, device=DEV)
    for _ in range(T // S):
        Y = f(Y)
    mean = tail(Y).mean()
    return lambda: "RESULT_ok MEAN=%.6e" % mean.item()

bench(run, warmup=3, variant="torch.compile mode=%s, %d steps a graph" % (p["mode"], S))
