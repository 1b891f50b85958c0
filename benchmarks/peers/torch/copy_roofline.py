"""The copy-bandwidth roofline of image_normalize (issue 5): one device copy
of its B x H x W single-precision input (read + write, the same bytes as
the two reads the two-pass program needs), timed like the peers."""
from common import bench_events, params

def program(dev, B, H, W):
    import torch
    x = program.cache.get((B, H, W))
    if x is None:
        x = program.cache[(B, H, W)] = (torch.rand(B * H * W, device=dev), torch.empty(B * H * W, device=dev))
    x[1].copy_(x[0])
    return lambda: "RESULT_ok COPY_GB=%.3f" % (2 * x[0].numel() * 4 / 1e9)

program.cache = {}
bench_events(program, params({"B": 16, "H": 2160, "W": 3840}), repeat=20)
