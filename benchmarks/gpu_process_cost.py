#!/usr/bin/env python3
"""What using the GPU costs a whole process beyond its kernels (issue 16):
each program run as processes under --device cpu and --device gpu in
rounds, with the telemetry of each. Prints the medians of: the process's
wall time, the run's wall (telemetry), the GPU's start inside the run
(instance and device), pipeline builds, and what lies outside the run
(loading, exit: process wall minus run wall). auto's start rule weighs the
start against what the GPU saves; this shows what else a process pays.
Not a test.

  gpu_process_cost.py --bin BIN --artifacts DIR [--tiny DIR] [--rounds 9] [--devices cpu,gpu,auto]
                      [--cases 'nlms:C=512,T=100;pca']
"""
import argparse, json, os, statistics, subprocess, tempfile, time

CASES = [("tiny/zeros_sum", []), ("iir_smoothing", ["-p", "M=1000", "-p", "T=64"]),
         ("monte_carlo", ["-p", "M=100000", "-p", "T=256"]), ("monte_carlo", [])]


def one(run, artifact, params, device, telemetry):
    started = time.perf_counter()
    subprocess.run([run, artifact, "--device", device, "--telemetry", telemetry] + params,
                   stdout=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - started
    t = json.load(open(telemetry))
    host = t.get("host", {})
    codes = sorted({"%s:%s" % (k.get("device"), k.get("decision", {}).get("code")) for k in t.get("kernels", [])})
    return {"process": wall, "run": t["wall_seconds"], "start": host.get("gpu_start_seconds", 0.0),
            "pipelines": host.get("pipeline_seconds", 0.0), "outside": wall - t["wall_seconds"],
            "kernels": sum(k.get("seconds", 0.0) for k in t.get("kernels", [])),
            "codes": " ".join(codes)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--artifacts", required=True)
    ap.add_argument("--tiny", help="folder of examples/tiny artifacts (default: ARTIFACTS/../tiny)")
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--devices", default="cpu,gpu,auto")
    ap.add_argument("--cases", help="instead of the built-in cases: PROGRAM[:NAME=VALUE,...];... (e.g. nlms:C=512,T=100)")
    args = ap.parse_args()
    cases = CASES
    if args.cases:
        cases = []
        for c in args.cases.split(";"):
            prog, _, ps = c.partition(":")
            cases.append((prog, sum((["-p", kv] for kv in ps.split(",") if kv), [])))
    run = os.path.join(args.bin, "runmat-run")
    tiny = args.tiny or os.path.join(args.artifacts, "..", "tiny")
    devices = args.devices.split(",")
    tel = os.path.join(tempfile.mkdtemp(), "t.json")
    print("%-28s %-5s %10s %9s %9s %9s %9s %9s  %s" % ("program", "dev", "process ms", "run", "kernels", "start",
                                                       "pipelines", "outside", "decisions"))
    for prog, params in cases:
        artifact = (os.path.join(tiny, prog.split("/")[1]) if prog.startswith("tiny/")
                    else os.path.join(args.artifacts, prog)) + ".rmx"
        if not os.path.exists(artifact):
            print("%s: no artifact %s" % (prog, artifact))
            continue
        res = {d: [] for d in devices}
        # (Orders alternate: a process right after a GPU process runs slower, benchmarks/auto_overhead.py --after-gpu.)
        for r in range(args.rounds):
            for d in (devices if r % 2 == 0 else devices[::-1]):
                res[d].append(one(run, artifact, params, d, tel))
        for d in devices:
            med = {k: statistics.median(r[k] for r in res[d])
                   for k in ("process", "run", "kernels", "start", "pipelines", "outside")}
            print("%-28s %-5s %10.2f %9.2f %9.2f %9.2f %9.2f %9.2f  %s" % (
                prog + " " + " ".join(params[1::2]), d, med["process"] * 1e3, med["run"] * 1e3, med["kernels"] * 1e3,
                med["start"] * 1e3, med["pipelines"] * 1e3, med["outside"] * 1e3, res[d][-1]["codes"]), flush=True)


if __name__ == "__main__":
    main()
