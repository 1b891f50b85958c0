#!/usr/bin/env python3
"""CPU benchmark: the five suite programs compiled by runmatc and run with
runmat-run, against NumPy and GNU Octave running the same algorithms, whole
process wall time, all in one run with the systems interleaved so that the
ratios compare like with like; and the warm run beside it, as a VM sees it:
runmatc's `runmat-run --repeat` (median wall time of runs 2..N in one
session) and NumPy's main() called repeatedly in one process
(peers/numpy/warm.py). Not a test: speed is measured here, correctness by
ctest. Results go to benchmarks/results/ as JSON and Markdown.

  benchmarks/run_cpu.py --bin build/bin [--repeat 3] [--size small|default] [--programs pca,nlms]
"""
import argparse, datetime, json, os, platform, re, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SUITE = os.path.join(ROOT, "examples", "suite")
PROGRAMS = ["pca", "image_normalize", "monte_carlo", "nlms", "iir_smoothing"]
SMALL = {"pca": {"n": 20000, "d": 512}, "image_normalize": {"B": 2}, "monte_carlo": {"M": 250000},
         "nlms": {"C": 1024}, "iir_smoothing": {"M": 250000, "T": 512}}

def timed(cmd, cwd=None):
    start = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd)
    elapsed = time.perf_counter() - start
    if r.returncode != 0 or "RESULT_ok" not in r.stdout:
        raise RuntimeError("%s failed: %s %s" % (cmd[0], r.stdout[-500:], r.stderr[-500:]))
    return elapsed, [l for l in r.stdout.splitlines() if l.startswith("RESULT_ok")][0]

def warm(cmd, cwd=None):
    """The median warm run (seconds) of runmat-run --repeat (from its telemetry) or of warm.py (TIME_ms)."""
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd)
    if r.returncode != 0:
        raise RuntimeError("%s failed: %s" % (cmd[0], r.stderr[-500:]))
    if "--telemetry" in cmd:
        runs = json.load(open(cmd[cmd.index("--telemetry") + 1]))["runs"][1:]
        return statistics.median(x["wall_seconds"] for x in runs)
    return float(re.search(r"TIME_ms=([0-9.eE+-]+)", r.stdout).group(1)) / 1e3

def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--size", choices=["small", "default"], default="small")
    ap.add_argument("--programs", default=",".join(PROGRAMS))
    ap.add_argument("--out", default=os.path.join(HERE, "results"))
    ap.add_argument("--no-octave", action="store_true")
    args = ap.parse_args()
    bindir = os.path.abspath(args.bin)  # the programs run in a temporary folder
    runmatc, runmat_run = os.path.join(bindir, "runmatc"), os.path.join(bindir, "runmat-run")
    programs = args.programs.split(",")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for prog in programs:
            params = SMALL[prog] if args.size == "small" else {}
            artifact = os.path.join(tmp, prog + ".rmx")
            t0 = time.perf_counter()
            subprocess.run([runmatc, "compile", os.path.join(SUITE, prog + ".m"), "-o", artifact], check=True)
            compile_s = time.perf_counter() - t0
            # Octave 7 spells qr(X, 'econ') as qr(X, 0).
            octave_src = os.path.join(tmp, prog + "_octave.m")
            with open(os.path.join(SUITE, prog + ".m")) as f:
                open(octave_src, "w").write(f.read().replace("'econ'", "0"))
            systems = {
                "runmatc": [runmat_run, artifact, "--device", "cpu"] + sum((["-p", "%s=%s" % kv] for kv in params.items()), []),
                "numpy": ["/usr/bin/python3", os.path.join(HERE, "peers", "numpy", prog + ".py")] +
                         ["%s=%s" % kv for kv in params.items()],
            }
            if not args.no_octave:
                setup = "".join("%s=%s; " % kv for kv in params.items())
                systems["octave"] = ["octave-cli", "-q", "--no-window-system", "--norc", "--eval",
                                     setup + "run('%s')" % octave_src]
            times = {s: [] for s in systems}
            results = {}
            for _ in range(args.repeat):
                for name, cmd in systems.items():  # interleaved: each round runs every system once
                    t, line = timed(cmd, cwd=tmp)
                    times[name].append(t)
                    results[name] = line
            med = {s: statistics.median(v) for s, v in times.items()}
            tele = os.path.join(tmp, "warm.json")
            pv = sum((["-p", "%s=%s" % kv] for kv in params.items()), [])
            warm_runs = {"runmatc": [], "numpy": []}
            for _ in range(args.repeat):  # interleaved too
                warm_runs["runmatc"].append(warm([runmat_run, artifact, "--device", "cpu", "--repeat", "6",
                                                  "--telemetry", tele] + pv, cwd=tmp))
                warm_runs["numpy"].append(warm(["/usr/bin/python3", os.path.join(HERE, "peers", "numpy", "warm.py"),
                                                prog, "repeat=5"] + ["%s=%s" % kv for kv in params.items()], cwd=tmp))
            warm_med = {k: statistics.median(v) for k, v in warm_runs.items()}
            row = {"program": prog, "params": params, "compile_seconds": compile_s,
                   "seconds": med, "all_seconds": times, "results": results,
                   "warm_seconds": warm_med, "all_warm_seconds": warm_runs,
                   "speedup_vs_numpy": med["numpy"] / med["runmatc"],
                   "warm_speedup_vs_numpy": warm_med["numpy"] / warm_med["runmatc"]}
            if "octave" in med:
                row["speedup_vs_octave"] = med["octave"] / med["runmatc"]
            rows.append(row)
            print("%-16s runmatc %6.3fs  numpy %6.3fs (%.2fx)%s   warm: runmatc %8.2f ms  numpy %8.2f ms (%.2fx)" % (
                prog, med["runmatc"], med["numpy"], row["speedup_vs_numpy"],
                "  octave %6.3fs (%.2fx)" % (med["octave"], row["speedup_vs_octave"]) if "octave" in med else "",
                warm_med["runmatc"] * 1e3, warm_med["numpy"] * 1e3, row["warm_speedup_vs_numpy"]), flush=True)
    stamp = datetime.datetime.now().strftime("%Y-%m-%d-%H%M")
    machine = {"cpu": cpu_model(), "cores": os.cpu_count(), "platform": platform.platform()}
    doc = {"date": stamp, "size": args.size, "repeat": args.repeat, "machine": machine,
           "command": " ".join(sys.argv), "rows": rows}
    os.makedirs(args.out, exist_ok=True)
    base = os.path.join(args.out, "cpu-%s-%s" % (args.size, stamp))
    with open(base + ".json", "w") as f:
        json.dump(doc, f, indent=2)
    with open(base + ".md", "w") as f:
        f.write("# CPU benchmark, %s sizes, %s\n\n" % (args.size, stamp))
        f.write("Machine: %s, %d cores. Whole-process wall time, median of %d interleaved runs; warm run: "
                "the median wall time of runs 2..6 of `runmat-run --repeat 6` and of NumPy's main() called 6 "
                "times in one process, median of %d.\nCommand: `%s`\n\n" % (
                    machine["cpu"], machine["cores"], args.repeat, args.repeat, doc["command"]))
        f.write("| program | runmatc (s) | NumPy (s) | Octave (s) | vs NumPy | vs Octave | runmatc warm (ms) | "
                "NumPy warm (ms) | warm vs NumPy | runmatc result |\n")
        f.write("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
        for r in rows:
            s = r["seconds"]
            f.write("| %s | %.3f | %.3f | %s | %.2fx | %s | %.2f | %.2f | %.2fx | `%s` |\n" % (
                r["program"], s["runmatc"], s["numpy"], "%.3f" % s["octave"] if "octave" in s else "-",
                r["speedup_vs_numpy"], "%.2fx" % r["speedup_vs_octave"] if "speedup_vs_octave" in r else "-",
                r["warm_seconds"]["runmatc"] * 1e3, r["warm_seconds"]["numpy"] * 1e3, r["warm_speedup_vs_numpy"],
                r["results"]["runmatc"]))
    print("wrote %s.json and %s.md" % (base, base))

if __name__ == "__main__":
    main()
