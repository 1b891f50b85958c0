#!/usr/bin/env python3
"""GPU benchmark: the five suite programs, compiled ahead of time by runmatc,
run with `runmat-run --device gpu` next to PyTorch eager on the same GPU in
the same run. Per program it records the GPU kernel time (timestamp queries,
summed over dispatches), the whole-process wall time, the number of
dispatches and the bytes moved between host and device (all from
--telemetry), and PyTorch's time (CUDA events around the whole program after
warm-up, data generated on the device, process start excluded, as in
examples/suite/README.md). Not a test. Results go to --out as JSON and
Markdown.

The device machine has no compiler: build here, compile the artifacts with
`runmatc compile --cpu x86-64-v3`, carry them (scripts/gpu_bundle.sh).

  run_gpu.py --bin BUNDLE/bin --artifacts BUNDLE/rmx [--repeat 3] [--size default] [--out DIR] [--no-torch]
"""
import argparse, datetime, json, os, platform, re, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAMS = ["pca", "image_normalize", "monte_carlo", "nlms", "iir_smoothing"]
SMALL = {"pca": {"n": 20000, "d": 512}, "image_normalize": {"B": 2}, "monte_carlo": {"M": 250000},
         "nlms": {"C": 1024}, "iir_smoothing": {"M": 250000, "T": 512}}

def result_line(out):
    lines = [l for l in out.splitlines() if l.startswith("RESULT_ok")]
    return lines[0] if lines else None

def run_runmat(runmat_run, artifact, params, tmp):
    tele = os.path.join(tmp, "telemetry.json")
    cmd = [runmat_run, artifact, "--device", "gpu", "--telemetry", tele] + \
          sum((["-p", "%s=%s" % kv] for kv in params.items()), [])
    start = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if r.returncode != 0 or not result_line(r.stdout):
        raise RuntimeError("runmat-run failed: %s %s" % (r.stdout[-800:], r.stderr[-800:]))
    t = json.load(open(tele))
    return {"wall_seconds": wall, "run_seconds": t["wall_seconds"], "gpu_kernel_seconds": t["gpu"]["kernel_seconds"],
            "dispatches": t["gpu"]["dispatches"], "launches": t["launches"],
            "upload_bytes": t["gpu"]["upload_bytes"], "download_bytes": t["gpu"]["download_bytes"],
            "device": t["gpu"]["device"], "result": result_line(r.stdout),
            "kernels": [{k: v for k, v in kk.items() if k in ("name", "covers", "launches", "gpu_seconds", "schedule")}
                        for kk in t["kernels"]],
            "library": [{k: v for k, v in kk.items() if k in ("name", "launches", "gpu_seconds", "schedule")}
                        for kk in t["library"]]}

def resident_input_seconds(run):
    """GPU time without the kernels that only draw a random input (covers are
    one rand/randn op): the program's time on an input already on the device."""
    drawing = lambda k: len(k["covers"]) == 1 and k["covers"][0].split(" ")[0] in ("runmat.rand", "runmat.randn")
    return sum(k.get("gpu_seconds", 0.0) for k in run["kernels"] if not drawing(k)) + \
        sum(k.get("gpu_seconds", 0.0) for k in run["library"])

def run_torch(prog, params):
    cmd = [sys.executable, os.path.join(HERE, "peers", "torch", prog + ".py")] + ["%s=%s" % kv for kv in params.items()]
    start = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if r.returncode != 0:
        raise RuntimeError("torch peer failed: %s" % r.stderr[-800:])
    ms = float(re.search(r"TIME_ms=([0-9.eE+-]+)", r.stdout).group(1))
    return {"seconds": ms / 1e3, "wall_seconds": wall, "result": result_line(r.stdout)}

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--artifacts", required=True)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--size", choices=["small", "default"], default="default")
    ap.add_argument("--programs", default=",".join(PROGRAMS))
    ap.add_argument("--out", default=os.path.join(HERE, "results"))
    ap.add_argument("--no-torch", action="store_true")
    args = ap.parse_args()
    runmat_run = os.path.join(args.bin, "runmat-run")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for prog in args.programs.split(","):
            params = SMALL[prog] if args.size == "small" else {}
            artifact = os.path.join(args.artifacts, prog + ".rmx")
            runs, torch_runs = [], []
            for _ in range(args.repeat):  # interleaved
                runs.append(run_runmat(runmat_run, artifact, params, tmp))
                if not args.no_torch:
                    torch_runs.append(run_torch(prog, params))
            warm = runs[1:] if len(runs) > 1 else runs
            med = lambda key: statistics.median(r[key] for r in warm)
            row = {"program": prog, "params": params, "runs": runs, "torch": torch_runs,
                   "gpu_kernel_seconds": med("gpu_kernel_seconds"), "wall_seconds": med("wall_seconds"),
                   "resident_input_seconds": statistics.median(resident_input_seconds(r) for r in warm),
                   "first_wall_seconds": runs[0]["wall_seconds"], "run_seconds": med("run_seconds"),
                   "dispatches": runs[-1]["dispatches"], "launches": runs[-1]["launches"],
                   "upload_bytes": runs[-1]["upload_bytes"], "download_bytes": runs[-1]["download_bytes"],
                   "result": runs[-1]["result"], "device": runs[-1]["device"]}
            if torch_runs:
                row["torch_seconds"] = statistics.median(t["seconds"] for t in torch_runs)
                row["torch_result"] = torch_runs[-1]["result"]
                row["kernel_time_vs_torch"] = row["torch_seconds"] / row["gpu_kernel_seconds"]
            if prog == "image_normalize" and not args.no_torch:
                # Its target is a share of the copy-bandwidth roofline:
                # the same bytes copied once on this device, this run.
                roof = statistics.median(run_torch("copy_roofline", params)["seconds"] for _ in range(args.repeat))
                row["copy_roofline_seconds"] = roof
                row["resident_share_of_roofline"] = roof / row["resident_input_seconds"]
                print("image_normalize copy roofline %.3f ms: resident input at %.0f%% of it" % (
                    roof * 1e3, 100 * row["resident_share_of_roofline"]), flush=True)
            rows.append(row)
            print("%-16s gpu kernels %8.3f ms (resident input %8.3f ms)  %5d dispatches  wall %6.3f s (first %6.3f s)  up %.1f MB down %.1f MB%s  %s" % (
                prog, row["gpu_kernel_seconds"] * 1e3, row["resident_input_seconds"] * 1e3, row["dispatches"], row["wall_seconds"],
                row["first_wall_seconds"], row["upload_bytes"] / 1e6, row["download_bytes"] / 1e6,
                "  torch %8.3f ms (%.2fx)" % (row["torch_seconds"] * 1e3, row["kernel_time_vs_torch"])
                if torch_runs else "", row["result"]), flush=True)
    stamp = datetime.datetime.now().strftime("%Y-%m-%d-%H%M")
    doc = {"date": stamp, "size": args.size, "repeat": args.repeat, "command": " ".join(sys.argv),
           "platform": platform.platform(), "device": rows[0]["device"] if rows else "", "rows": rows}
    os.makedirs(args.out, exist_ok=True)
    base = os.path.join(args.out, "gpu-%s-%s" % (args.size, stamp))
    with open(base + ".json", "w") as f:
        json.dump(doc, f, indent=2)
    with open(base + ".md", "w") as f:
        f.write("# GPU benchmark, %s sizes, %s\n\nDevice: %s. runmatc: `runmat-run --device gpu`, GPU kernel time "
                "from timestamp queries (sum over dispatches) and whole-process wall time, median of the warm runs "
                "(the first run, which builds the pipelines, is listed apart). Resident input: the GPU kernel time without the "
                "kernels that only draw a random input, i.e. the program on an input already on the device. PyTorch eager: CUDA events around the "
                "whole program, median after warm-up, same machine, same run.\nCommand: `%s`\n\n" % (
                    args.size, stamp, doc["device"], doc["command"]))
        f.write("| program | GPU kernel time (ms) | resident input (ms) | dispatches | wall (s) | first wall (s) | up (MB) | down (MB) "
                "| PyTorch eager (ms) | PyTorch / runmatc kernel time | runmatc result | PyTorch result |\n")
        f.write("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
        for r in rows:
            f.write("| %s | %.3f | %.3f | %d | %.3f | %.3f | %.1f | %.3f | %s | %s | `%s` | `%s` |\n" % (
                r["program"], r["gpu_kernel_seconds"] * 1e3, r["resident_input_seconds"] * 1e3, r["dispatches"], r["wall_seconds"],
                r["first_wall_seconds"], r["upload_bytes"] / 1e6, r["download_bytes"] / 1e6,
                "%.3f" % (r["torch_seconds"] * 1e3) if "torch_seconds" in r else "-",
                "%.2fx" % r["kernel_time_vs_torch"] if "kernel_time_vs_torch" in r else "-",
                r["result"], r.get("torch_result", "-")))
        for r in rows:
            if "copy_roofline_seconds" in r:
                f.write("\nimage_normalize's copy-bandwidth roofline on this device (PyTorch copying its input once, "
                        "peers/torch/copy_roofline.py, same run): %.3f ms; the resident input's time is %.0f%% of it.\n" % (
                            r["copy_roofline_seconds"] * 1e3, 100 * r["resident_share_of_roofline"]))
        # Where each program's GPU time goes (the last run): kernels and
        # library operations of at least 1% of it, with how each library
        # operation ran.
        f.write("\n## GPU time by kernel (last run)\n\n| program | kernel | launches | GPU time (ms) | what |\n"
                "| --- | --- | --- | --- | --- |\n")
        for r in rows:
            last = r["runs"][-1]
            total = max(last["gpu_kernel_seconds"], 1e-12)
            for k in last["kernels"]:
                if k.get("gpu_seconds", 0.0) >= 0.01 * total:
                    what = (k["covers"] or ["?"])[0] + (" (%s)" % k["schedule"] if k.get("schedule") else "")
                    f.write("| %s | %s | %d | %.3f | %s |\n" % (r["program"], k["name"], k["launches"], k["gpu_seconds"] * 1e3,
                                                            what))
            for k in last["library"]:
                if k.get("gpu_seconds", 0.0) >= 0.01 * total:
                    f.write("| %s | %s | %d | %.3f | %s |\n" % (r["program"], k["name"], k["launches"], k["gpu_seconds"] * 1e3,
                                                            k.get("schedule", "")))
    print("wrote %s.json and %s.md" % (base, base))

if __name__ == "__main__":
    main()
