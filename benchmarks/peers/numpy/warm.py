"""A NumPy peer's warm run, timed like runmatc's (runmat-run --repeat): the
program's main() called again and again in one process, wall clock, the
first call apart. Prints the program's RESULT_ok line, TIME_ms (median of
the calls after the first) and MIN_ms.

  warm.py PROGRAM [name=value]... [repeat=N]   (PROGRAM: pca, or numba/pca)"""
import contextlib, importlib, io, os, statistics, sys, time

# PROGRAM is a module beside this file, or PEER/module of another peer's
# folder (numba/pca).
folder, name = os.path.dirname(os.path.abspath(__file__)), sys.argv[1]
if "/" in name:
    peer, name = name.split("/", 1)
    folder = os.path.join(os.path.dirname(folder), peer)
sys.path.insert(0, folder)
program = importlib.import_module(name)
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
