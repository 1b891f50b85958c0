from common import bench, params
import torch

def program(dev, M, T):
    alpha, beta = 0.98, 0.02
    Y = torch.zeros(M, 1, device=dev)
    for _ in range(T):
        x = torch.rand(M, 1, device=dev)
        Y = alpha * Y + beta * x
    mean = Y.mean()
    return lambda: "RESULT_ok MEAN=%.6e" % mean.item()

bench(program, params({"M": 1000000, "T": 2048}))
