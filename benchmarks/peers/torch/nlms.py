from common import bench, params
import torch

def program(dev, p, C, T):
    mu, eps0 = 0.5, 1e-3
    W = torch.zeros(p, C, device=dev)
    for _ in range(T):
        x = torch.rand(p, C, device=dev)
        d = (x * x).sum(0, keepdim=True)
        y = (x * W).sum(0, keepdim=True)
        e = d - y
        nx = (x ** 2).sum(0, keepdim=True) + eps0
        W = W + mu * x * (e / nx)
    r = d - (x * W).sum(0, keepdim=True)
    mse = (r ** 2).mean()
    return lambda: "RESULT_ok MSE=%.6e" % mse.item()

bench(program, params({"p": 128, "C": 2048, "T": 200}))
