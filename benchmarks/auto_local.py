#!/usr/bin/env python3
"""--device auto on a machine whose only Vulkan device runs on the CPU
(lavapipe), against --device cpu (issue 16): every suite program at a tiny
and a small size and every end-to-end test program, whole process wall
time (median of several processes, the two devices interleaved), with
auto's decisions and whether it started Vulkan. One cache folder for the
whole sweep, as on a user's machine; its first process (a fresh cache) is
reported apart, and so is an unmeasured auto process before each case's
(where a large program may start Vulkan once, the machine's first time, to
learn that lavapipe is a CPU device). Not a test.

  auto_local.py --bin build/bin [--processes 5] [--json OUT]
"""
import argparse, glob, json, os, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SUITE = os.path.join(ROOT, "examples", "suite")
E2E = os.path.join(ROOT, "test", "e2e", "octave")
SUITE_CASES = [
    ("pca", {"n": 1000, "d": 32}), ("pca", {"n": 20000, "d": 512}),
    ("image_normalize", {"B": 1, "H": 64, "W": 64}), ("image_normalize", {"B": 2}),
    ("monte_carlo", {"M": 10000, "T": 64}), ("monte_carlo", {"M": 250000}),
    ("nlms", {"C": 64, "T": 50}), ("nlms", {"C": 1024}),
    ("iir_smoothing", {"M": 1000, "T": 64}), ("iir_smoothing", {"M": 250000, "T": 512}),
]


def one_process(run, artifact, params, device, cache, tmp):
    tele = os.path.join(tmp, "t.json")
    cmd = [run, artifact, "--device", device, "--telemetry", tele]
    for kv in params.items():
        cmd += ["-p", "%s=%s" % kv]
    env = dict(os.environ, RUNMAT_CACHE_DIR=cache)
    start = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    if r.returncode != 0:
        raise RuntimeError("%s failed: %s" % (" ".join(cmd), r.stderr[-400:]))
    t = json.load(open(tele))
    devices = sorted({k["device"] + ":" + k["decision"]["code"] for k in t["kernels"] + t["library"]})
    return wall, devices, t["host"]["gpu_start_seconds"] > 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--processes", type=int, default=5)
    ap.add_argument("--json")
    args = ap.parse_args()
    run = os.path.join(args.bin, "runmat-run")
    runmatc = os.path.join(args.bin, "runmatc")
    cases = [(os.path.join(SUITE, p + ".m"), p, params) for p, params in SUITE_CASES]
    cases += [(m, os.path.basename(m)[:-2], {}) for m in sorted(glob.glob(os.path.join(E2E, "*.m")))]
    rows, bad = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        cache = os.path.join(tmp, "cache")
        os.makedirs(cache)
        artifacts = {}
        print("%-18s %-18s %9s %9s %7s %5s | %s" % ("program", "size", "cpu ms", "auto ms", "ratio", "ok",
                                                  "auto's decisions (Vulkan started?)"), flush=True)
        for source, name, params in cases:
            if source not in artifacts:
                artifacts[source] = os.path.join(tmp, name + ".rmx")
                subprocess.run([runmatc, "compile", source, "-o", artifacts[source]], check=True)
            artifact = artifacts[source]
            first = None
            if not rows:  # the machine's first process under auto: a fresh cache
                first = one_process(run, artifact, params, "auto", cache, tmp)
            one_process(run, artifact, params, "cpu", cache, tmp)  # warm the file cache
            # A large program's first process may start Vulkan once to learn that lavapipe is a CPU
            # device (the machine's first such program); the measured ones must not.
            learnt = one_process(run, artifact, params, "auto", cache, tmp)[2]
            cpu, auto, decisions, started = [], [], set(), False
            for _ in range(args.processes):
                cpu.append(one_process(run, artifact, params, "cpu", cache, tmp)[0])
                w, d, s = one_process(run, artifact, params, "auto", cache, tmp)
                auto.append(w)
                decisions.update(d)
                started = started or s
            c, a = statistics.median(cpu), statistics.median(auto)
            on_cpu = all(d.startswith("cpu:") for d in decisions)
            ok = a <= 1.1 * c and on_cpu and not started
            bad += not ok
            size = ",".join("%s=%s" % kv for kv in params.items()) or "default"
            row = {"program": name, "params": params, "cpu_seconds": c, "auto_seconds": a, "ratio": a / c,
                   "decisions": sorted(decisions), "vulkan_started": started, "ok": ok,
                   "vulkan_started_to_learn": learnt,
                   "cpu_samples": cpu, "auto_samples": auto}
            if first:
                row["first_process"] = {"seconds": first[0], "decisions": first[1], "vulkan_started": first[2]}
            rows.append(row)
            print("%-18s %-18s %9.2f %9.2f %7.3f %5s | %s%s" % (
                name, size, c * 1e3, a * 1e3, a / c, ok, " ".join(sorted(decisions)),
                " (Vulkan started)" if started else " (Vulkan started once before, to learn the device)" if learnt
                else ""), flush=True)
            if first:
                print("  (the first process of a fresh cache: %.2f ms, %s%s)" % (
                    first[0] * 1e3, " ".join(first[1]), ", Vulkan started" if first[2] else ""), flush=True)
    print("%d of %d within 10%% of --device cpu, all on the CPU, Vulkan not started" % (len(rows) - bad, len(rows)))
    if args.json:
        json.dump({"command": " ".join(sys.argv), "rows": rows}, open(args.json, "w"), indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
