"""What every PyTorch peer shares: parameters from the command line
(name=value), and the timing: CUDA events around the whole program (data
generated on the device, process start excluded), after warm-up runs, the
median of the timed runs. Prints the program's RESULT_ok line and TIME_ms."""
import statistics, sys
import torch

def params(defaults):
    p = dict(defaults)
    for arg in sys.argv[1:]:
        name, value = arg.split("=", 1)
        p[name] = type(defaults[name])(float(value))
    return p

def bench(program, p, warmup=2, repeat=5):
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
