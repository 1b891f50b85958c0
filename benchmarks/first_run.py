#!/usr/bin/env python3
"""The first run of a new process (issue 15): with an empty pipeline cache
(a fresh RUNMAT_CACHE_DIR, and the NVIDIA driver's own shader cache off),
then with the cache the first process left. For each, the whole process's
wall time, Vulkan's start (instance and device), the first run's wall time,
its GPU kernel time (timestamps) and what is left: the first run's cost
beyond Vulkan's start and its kernels (pipelines, buffers, recording).
Not a test.

  first_run.py --bin BIN [--device gpu] [--warm 2] NAME=ARTIFACT[:p=v,...] ...
"""
import argparse, json, os, subprocess, tempfile, time


def one(runmat_run, artifact, params, cache, device, env_extra, knobs):
    with tempfile.TemporaryDirectory() as tmp:
        tele = os.path.join(tmp, "t.json")
        env = dict(os.environ, RUNMAT_CACHE_DIR=cache, **env_extra, **knobs)
        cmd = [runmat_run, artifact, "--device", device, "--timing", "on", "--telemetry", tele] + \
              sum((["-p", p] for p in params), [])
        t0 = time.perf_counter()
        r = subprocess.run(cmd, capture_output=True, text=True, env=env)
        wall = time.perf_counter() - t0
        if r.returncode != 0:
            return {"error": r.stderr[-300:]}
        t = json.load(open(tele))
        run = t["runs"][0]
        start = run["host"]["gpu_start_seconds"]
        kernels = run["gpu"]["kernel_seconds"]
        return {"process_seconds": wall, "gpu_start_seconds": start, "first_run_seconds": run["wall_seconds"],
                "kernel_seconds": kernels, "beyond_seconds": run["wall_seconds"] - start - kernels}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--device", default="gpu")
    ap.add_argument("--warm", type=int, default=2, help="processes after the cold one, with its cache")
    ap.add_argument("--json")
    ap.add_argument("--env", action="append", default=[], help="NAME=VALUE for every process (a knob to compare)")
    ap.add_argument("cases", nargs="+")
    args = ap.parse_args()
    runmat_run = os.path.join(args.bin, "runmat-run")
    out = []
    print("%-18s %-6s %10s %10s %10s %10s %12s" % ("case", "cache", "process s", "vulkan ms", "first ms", "kernels ms",
                                                  "beyond ms"))
    for case in args.cases:
        name, rest = case.split("=", 1)
        artifact, _, params = rest.partition(":")
        params = [p for p in params.split(",") if p]
        cache = tempfile.mkdtemp(prefix="runmat-cold-")
        knobs = dict(e.split("=", 1) for e in args.env)
        runs = [("empty", one(runmat_run, artifact, params, cache, args.device, {"__GL_SHADER_DISK_CACHE": "0"}, knobs))]
        runs += [("warm", one(runmat_run, artifact, params, cache, args.device, {}, knobs)) for _ in range(args.warm)]
        for label, r in runs:
            out.append(dict(r, case=name, cache=label))
            if "error" in r:
                print("%-18s %-6s FAILED %s" % (name, label, r["error"]))
                continue
            print("%-18s %-6s %10.3f %10.1f %10.1f %10.2f %12.1f" % (
                name, label, r["process_seconds"], r["gpu_start_seconds"] * 1e3, r["first_run_seconds"] * 1e3,
                r["kernel_seconds"] * 1e3, r["beyond_seconds"] * 1e3), flush=True)
    if args.json:
        json.dump(out, open(args.json, "w"), indent=1)


if __name__ == "__main__":
    main()
