from common import DEV, bench, compiled, params, step_calls
import torch

p = params({"n": 200000, "d": 1024, "k": 8, "iters": 15, "mode": "default"})
n, d, k, iters = p["n"], p["d"], p["k"], p["iters"]

def gram():
    A = torch.rand(n, d, device=DEV)
    A = A - A.mean(0, keepdim=True)
    return (A.T @ A) / (n - 1)

def power(G):
    Q, _ = torch.linalg.qr(torch.rand(d, k, device=DEV))
    for _ in range(iters):
        Q, _ = torch.linalg.qr(G @ Q)
    lam = torch.diag(Q.T @ G @ Q).double()
    explained = lam / torch.diag(G).double().sum()
    return explained[0], lam.sum()

fg, fp = compiled(gram, p["mode"]), compiled(power, p["mode"])

def run():
    torch.manual_seed(0)
    step_calls(p["mode"])
    G = fg()
    if p["mode"] == "reduce-overhead":
        G = G.clone()  # the next replay of the first graph overwrites its output
    e1, total = fp(G)
    return lambda: "RESULT_ok EXPLAINED1=%.4f TOPK_SUM=%.6e" % (e1.item(), total.item())

bench(run, warmup=3, variant="torch.compile mode=%s, the Gram product and the power steps as two graphs" % p["mode"])
