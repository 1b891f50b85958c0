"""A NumPy peer's warm run, timed like runmatc's (runmat-run --repeat): the
program's main() called again and again in one process, wall clock, the
first call apart. Prints the program's RESULT_ok line, TIME_ms (median of
the calls after the first) and MIN_ms.

  warm.py PROGRAM [name=value]... [repeat=N]"""
import contextlib, importlib, io, os, statistics, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
program = importlib.import_module(sys.argv[1])
args = dict(a.split("=", 1) for a in sys.argv[2:])
repeat = int(args.pop("repeat", "5"))
kwargs = {k: int(float(v)) for k, v in args.items()}
times, text = [], ""
for i in range(repeat + 1):
    out = io.StringIO()
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(out):
        program.main(**kwargs)
    if i:
        times.append(time.perf_counter() - t0)
    text = out.getvalue()
print(text.strip())
for t in times:
    print("SAMPLE_ms=%.4f" % (t * 1e3))
print("TIME_ms=%.4f" % (statistics.median(times) * 1e3))
print("MIN_ms=%.4f" % (min(times) * 1e3))
