"""What every PyTorch eager peer shares: float32 without TF32, parameters
from the command line (name=value), and the timing of gpu_timing.py (wall
clock from the call to the metric read back, after warm-up). bench_events
times device work alone with CUDA events (the copy roofline)."""
import os, statistics, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import torch
import gpu_timing
from gpu_timing import params  # noqa: F401

torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
torch.set_float32_matmul_precision("highest")


def bench(program, p, warmup=2, repeat=10):
    dev = torch.device("cuda")

    def run():
        torch.manual_seed(0)
        return program(dev, **p)

    gpu_timing.bench(run, "PyTorch eager", warmup, repeat)


def bench_events(program, p, warmup=2, repeat=5):
    dev = torch.device("cuda")
    times = []
    result = None
    for i in range(warmup + repeat):
        torch.manual_seed(0)
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        out = program(dev, **p)
        end.record()
        torch.cuda.synchronize()
        if i >= warmup:
            times.append(start.elapsed_time(end))
        result = out
    print(result())
    print("TIME_ms=%.4f" % statistics.median(times))
