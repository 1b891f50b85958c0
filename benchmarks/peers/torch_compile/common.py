"""What the torch.compile peers share: float32 without TF32, the mode from
the command line (mode=default|reduce-overhead), and time loops compiled as
a block of steps that the program calls repeatedly (unrolling every step of
a long loop compiles for minutes; block=N says how many steps a block has)."""
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import torch
from gpu_timing import bench, params  # noqa: F401

torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
torch.set_float32_matmul_precision("highest")
DEV = torch.device("cuda")


def compiled(fn, mode):
    return torch.compile(fn, mode=None if mode == "default" else mode, fullgraph=True, dynamic=False)


def step_calls(mode):
    """At the start of each run in reduce-overhead mode: the CUDA graphs'
    outputs of the last run may be overwritten (they were consumed)."""
    if mode == "reduce-overhead":
        torch.compiler.cudagraph_mark_step_begin()
