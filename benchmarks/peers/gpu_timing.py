"""How every GPU peer is timed, the way runmatc's warm run is (runmat-run
--repeat): the whole program in one process, data generated on the device,
from the call to the metric read back on the host (the read waits for the
device), wall clock. The first calls are apart: they compile (torch.compile,
JAX) and warm up; their time is reported as COMPILE_s. Prints the program's
RESULT_ok line, then TIME_ms (median of the timed calls), MIN_ms, COMPILE_s
and VARIANT (which form of the program this is)."""
import statistics, sys, time


def params(defaults):
    """name=value arguments over the defaults (ints stay ints)."""
    p = dict(defaults)
    for arg in sys.argv[1:]:
        name, value = arg.split("=", 1)
        if name in p:
            p[name] = type(defaults[name])(float(value)) if not isinstance(defaults[name], str) else value
    return p


def bench(run, variant, warmup=2, repeat=10, seed=None):
    """run() -> (line function): starts the program and returns a function
    that reads the metric back (and waits for the device) and formats the
    RESULT_ok line."""
    start = time.perf_counter()
    line = run()()
    compile_s = time.perf_counter() - start
    for _ in range(warmup - 1):
        line = run()()
    times = []
    for _ in range(repeat):
        if seed:
            seed()
        t0 = time.perf_counter()
        line = run()()
        times.append(time.perf_counter() - t0)
    print(line)
    print("TIME_ms=%.4f" % (statistics.median(times) * 1e3))
    print("MIN_ms=%.4f" % (min(times) * 1e3))
    print("COMPILE_s=%.3f" % compile_s)
    print("VARIANT=%s" % variant)
    sys.stdout.flush()
