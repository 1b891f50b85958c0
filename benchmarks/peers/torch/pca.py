from common import bench, params
import torch

def program(dev, n, d, k, iters):
    A = torch.rand(n, d, device=dev)
    A = A - A.mean(0, keepdim=True)
    G = (A.T @ A) / (n - 1)
    Q, _ = torch.linalg.qr(torch.rand(d, k, device=dev))
    for _ in range(iters):
        Q, _ = torch.linalg.qr(G @ Q)
    lam = torch.diag(Q.T @ G @ Q).double()
    explained = lam / torch.diag(G).double().sum()
    return lambda: "RESULT_ok EXPLAINED1=%.4f TOPK_SUM=%.6e" % (explained[0].item(), lam.sum().item())

bench(program, params({"n": 200000, "d": 1024, "k": 8, "iters": 15}))
