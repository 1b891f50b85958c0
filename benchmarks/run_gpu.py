#!/usr/bin/env python3
"""GPU benchmark: the five suite programs, compiled ahead of time by runmatc,
next to the peers a user would pick instead, on the same GPU in the same
call. Not a test.

What a user sees is measured for runmatc:
- the warm run: `runmat-run --repeat N` runs the entry N times in one
  session, as a VM does (without GPU timestamps), then once more with them;
  the figures of runs 2..N (median and minimum of the wall time of
  rm_session_run, submits, waits, replayed command buffers, peak device
  memory) and the timed run's GPU kernel and idle times come from its
  telemetry, and the first run is listed apart;
- the whole process (start-up, Vulkan's start and the first run), by the
  wall clock around runmat-run;
- under --device gpu, and auto (the default) and cpu for comparison.

The peers (benchmarks/peers, gpu_timing.py) are timed like the warm run:
PyTorch eager, torch.compile (mode default and reduce-overhead; time loops
as blocks of steps compiled once) and JAX jit (time loops as lax.fori_loop),
all float32 without TF32, data generated on the device, compile time apart.
Each peer's metric is checked against the suite README's range.

The device machine has no compiler: build here, compile the artifacts with
`runmatc compile --cpu x86-64-v3`, carry them (scripts/gpu_bundle.sh).

  run_gpu.py --bin BUNDLE/bin --artifacts BUNDLE/rmx [--repeat 20] [--size default|small]
             [--programs pca,nlms] [--peers eager,compile,compile-ro,jax] [--devices gpu,auto,cpu]
             [--out DIR] [--processes 3]
"""
import argparse, datetime, json, os, platform, re, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAMS = ["pca", "image_normalize", "monte_carlo", "nlms", "iir_smoothing"]
SMALL = {"pca": {"n": 20000, "d": 512}, "image_normalize": {"B": 2}, "monte_carlo": {"M": 250000},
         "nlms": {"C": 1024}, "iir_smoothing": {"M": 250000, "T": 512}}
# The ranges of a correct run: the suite README's, as test/e2e/check_suite.py
# keeps them (NLMS's widened for the spread over seeds, with its reason there).
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "test", "e2e"))
from check_suite import RANGES as SUITE_RANGES  # noqa: E402
PEERS = {"eager": ("torch", []), "compile": ("torch_compile", ["mode=default"]),
         "compile-ro": ("torch_compile", ["mode=reduce-overhead"]), "jax": ("jax", [])}


def result_line(out):
    lines = [l for l in out.splitlines() if l.startswith("RESULT_ok")]
    return lines[0] if lines else None


def metric_ok(prog, line, size):
    if not line:
        return None
    ok = True
    for name, (low, high) in SUITE_RANGES[size][prog].items():
        m = re.search(name + r"=([0-9.eE+-]+)", line)
        ok = ok and bool(m) and low <= float(m.group(1)) <= high
    return ok


def med(values):
    return statistics.median(values) if values else float("nan")


def run_runmat(runmat_run, artifact, params, device, repeat, tmp):
    tele = os.path.join(tmp, "telemetry.json")
    cmd = [runmat_run, artifact, "--device", device, "--repeat", str(repeat), "--telemetry", tele] + \
          sum((["-p", "%s=%s" % kv] for kv in params.items()), [])
    start = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if r.returncode != 0 or not result_line(r.stdout):
        raise RuntimeError("runmat-run failed: %s %s" % (r.stdout[-800:], r.stderr[-800:]))
    t = json.load(open(tele))
    runs = t["runs"]
    # runmat-run --repeat N runs N times untimed, as a VM does, then once more
    # with timestamps: the GPU's kernel and idle times come from that run.
    untimed = [r for r in runs[1:] if not r["gpu"]["timed"]]
    timed = [r for r in runs if r["gpu"]["timed"]] or runs
    warm = untimed or runs[1:] or runs
    g = lambda r, k: r["gpu"][k]
    row = {"device_option": device, "process_seconds": wall, "result": result_line(r.stdout),
           "first_run_seconds": runs[0]["wall_seconds"],
           "first_gpu_start_seconds": runs[0]["host"]["gpu_start_seconds"],
           "warm_seconds": med([r["wall_seconds"] for r in warm]),
           "warm_min_seconds": min(r["wall_seconds"] for r in warm),
           "kernel_seconds": med([g(r, "kernel_seconds") for r in timed]),
           "idle_seconds": med([g(r, "idle_seconds") for r in timed]),
           "wait_seconds": med([r["host"]["wait_seconds"] for r in warm]),
           "submits": med([g(r, "submits") for r in warm]), "waits": med([g(r, "waits") for r in warm]),
           "dispatches": warm[-1]["gpu"]["dispatches"], "launches": warm[-1]["launches"],
           "replayed": med([g(r, "replayed_segments") for r in warm]),
           "recorded": med([g(r, "recorded_segments") for r in warm]),
           "peak_device_bytes": max(g(r, "peak_device_bytes") for r in warm),
           "peak_tensor_bytes": max(g(r, "peak_tensor_bytes") for r in warm),
           "held_device_bytes": [g(r, "held_device_bytes") for r in runs],
           "download_bytes": warm[-1]["download_bytes"], "upload_bytes": warm[-1]["upload_bytes"],
           "gpu_device": t["gpu"]["device"], "runs": runs,
           "kernels": [{k: v for k, v in kk.items() if k in ("name", "covers", "device", "launches", "gpu_seconds",
                                                             "schedule")} for kk in t["kernels"]],
           "library": [{k: v for k, v in kk.items() if k in ("name", "device", "launches", "gpu_seconds", "schedule")}
                       for kk in t["library"]]}
    return row


def run_process(runmat_run, artifact, params, device):
    cmd = [runmat_run, artifact, "--device", device] + sum((["-p", "%s=%s" % kv] for kv in params.items()), [])
    start = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("runmat-run failed: %s" % r.stderr[-800:])
    return time.perf_counter() - start


def run_peer(peer, prog, params, timeout):
    folder, extra = PEERS[peer]
    script = os.path.join(HERE, "peers", folder, prog + ".py")
    cmd = [sys.executable, script] + ["%s=%s" % kv for kv in params.items()] + extra
    start = time.perf_counter()
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": "timed out after %d s" % timeout}
    wall = time.perf_counter() - start
    if r.returncode != 0 or "TIME_ms=" not in r.stdout:
        return {"error": (r.stderr or r.stdout)[-600:]}
    grab = lambda key: float(re.search(key + r"=([0-9.eE+-]+)", r.stdout).group(1))
    variant = re.search(r"VARIANT=(.*)", r.stdout)
    return {"seconds": grab("TIME_ms") / 1e3, "min_seconds": grab("MIN_ms") / 1e3, "compile_seconds": grab("COMPILE_s"),
            "process_seconds": wall, "result": result_line(r.stdout), "variant": variant.group(1) if variant else peer}


def fmt_ms(s):
    return "-" if s is None or s != s else "%.3f" % (s * 1e3)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--artifacts", required=True)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--size", choices=["small", "default"], default="default")
    ap.add_argument("--programs", default=",".join(PROGRAMS))
    ap.add_argument("--peers", default="eager,compile,compile-ro,jax")
    ap.add_argument("--devices", default="gpu,auto,cpu")
    ap.add_argument("--processes", type=int, default=3, help="whole-process runs of runmat-run per device")
    ap.add_argument("--peer-timeout", type=int, default=240)
    ap.add_argument("--out", default=os.path.join(HERE, "results"))
    args = ap.parse_args()
    runmat_run = os.path.join(args.bin, "runmat-run")
    peers = [p for p in args.peers.split(",") if p]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for prog in args.programs.split(","):
            params = SMALL[prog] if args.size == "small" else {}
            artifact = os.path.join(args.artifacts, prog + ".rmx")
            row = {"program": prog, "params": params, "runmat": {}, "peers": {}}
            for device in args.devices.split(","):
                # The CPU at default sizes takes up to a second a run: fewer runs.
                repeat = args.repeat if device != "cpu" else max(3, min(args.repeat, 5))
                try:
                    rm = run_runmat(runmat_run, artifact, params, device, repeat, tmp)
                    rm["process_samples"] = [run_process(runmat_run, artifact, params, device)
                                             for _ in range(args.processes)]
                    rm["process_seconds"] = med(rm["process_samples"])
                    rm["metric_ok"] = metric_ok(prog, rm["result"], args.size)
                except RuntimeError as e:
                    rm = {"error": str(e)}
                row["runmat"][device] = rm
                if "error" in rm:
                    print("%-16s runmatc %-4s FAILED %s" % (prog, device, rm["error"][-300:]), flush=True)
                    continue
                print("%-16s runmatc %-4s warm %8s ms (min %8s, kernels %8s, idle %7s, %g submits, %g replayed)  "
                      "first %8s ms  process %6.3f s  %s" % (
                          prog, device, fmt_ms(rm["warm_seconds"]), fmt_ms(rm["warm_min_seconds"]),
                          fmt_ms(rm["kernel_seconds"]), fmt_ms(rm["idle_seconds"]), rm["submits"], rm["replayed"],
                          fmt_ms(rm["first_run_seconds"]), rm["process_seconds"], rm["result"]), flush=True)
            for peer in peers:
                pr = run_peer(peer, prog, params, args.peer_timeout)
                pr["metric_ok"] = metric_ok(prog, pr.get("result"), args.size)
                row["peers"][peer] = pr
                if "error" in pr:
                    print("%-16s %-10s FAILED %s" % (prog, peer, pr["error"][-400:]), flush=True)
                else:
                    print("%-16s %-10s warm %8s ms (min %8s)  compile %7.2f s  %s  [%s]" % (
                        prog, peer, fmt_ms(pr["seconds"]), fmt_ms(pr["min_seconds"]), pr["compile_seconds"],
                        pr["result"], pr["variant"]), flush=True)
            if prog == "image_normalize" and "eager" in peers:
                # The copy-bandwidth roofline: the same bytes copied once on this device.
                r = subprocess.run([sys.executable, os.path.join(HERE, "peers", "torch", "copy_roofline.py")] +
                                   ["%s=%s" % kv for kv in params.items()], capture_output=True, text=True)
                m = re.search(r"TIME_ms=([0-9.eE+-]+)", r.stdout)
                if m:
                    row["copy_roofline_seconds"] = float(m.group(1)) / 1e3
            good = [(p["seconds"], name) for name, p in row["peers"].items() if "seconds" in p]
            gpu = row["runmat"].get("gpu", {})
            if good and "warm_seconds" in gpu:
                best, name = min(good)
                row["best_peer"], row["best_peer_seconds"] = name, best
                row["best_peer_over_runmat"] = best / gpu["warm_seconds"]
                print("%-16s best peer %s %s ms: %.2fx runmatc's warm run" % (
                    prog, name, fmt_ms(best), row["best_peer_over_runmat"]), flush=True)
            rows.append(row)
    stamp = datetime.datetime.now().strftime("%Y-%m-%d-%H%M")
    device = next((r["runmat"]["gpu"].get("gpu_device", "") for r in rows if "gpu" in r["runmat"]), "")
    doc = {"date": stamp, "size": args.size, "repeat": args.repeat, "command": " ".join(sys.argv),
           "platform": platform.platform(), "device": device, "rows": rows}
    os.makedirs(args.out, exist_ok=True)
    base = os.path.join(args.out, "gpu-warm-%s-%s" % (args.size, stamp))
    with open(base + ".json", "w") as f:
        json.dump(doc, f, indent=2)
    with open(base + ".md", "w") as f:
        f.write("# GPU benchmark, warm runs, %s sizes, %s\n\nDevice: %s. Command: `%s`\n\n" % (
            args.size, stamp, device, doc["command"]))
        f.write("runmatc: `runmat-run --repeat %d`, the median (and minimum) wall time of rm_session_run over runs "
                "2..N in one session; GPU kernel time and idle time from timestamps; first run and whole process "
                "apart. Peers: the same program in one process, wall clock from the call to the metric read back, "
                "median of 10 calls after warm-up, compile time apart (benchmarks/peers/gpu_timing.py).\n\n" % args.repeat)
        f.write("| program | runmatc gpu warm (ms) | min | GPU kernels | warm - kernels | GPU idle | submits | "
                "first run (ms) | process (s) | auto warm | cpu warm | eager | torch.compile | compile reduce-overhead "
                "| JAX jit | best peer / runmatc |\n")
        f.write("|" + " --- |" * 16 + "\n")
        for r in rows:
            g, a, c = (r["runmat"].get(d, {}) for d in ("gpu", "auto", "cpu"))
            peer = lambda n: fmt_ms(r["peers"].get(n, {}).get("seconds"))
            f.write("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n" % (
                r["program"], fmt_ms(g.get("warm_seconds")), fmt_ms(g.get("warm_min_seconds")),
                fmt_ms(g.get("kernel_seconds")),
                fmt_ms(g["warm_seconds"] - g["kernel_seconds"]) if "warm_seconds" in g else "-",
                fmt_ms(g.get("idle_seconds")), g.get("submits", "-"), fmt_ms(g.get("first_run_seconds")),
                "%.3f" % g["process_seconds"] if "process_seconds" in g else "-", fmt_ms(a.get("warm_seconds")),
                fmt_ms(c.get("warm_seconds")), peer("eager"), peer("compile"), peer("compile-ro"), peer("jax"),
                "%.2fx (%s)" % (r["best_peer_over_runmat"], r["best_peer"]) if "best_peer" in r else "-"))
        f.write("\nMetrics (runmatc gpu, then each peer; `ok` when in the suite README's range):\n\n")
        for r in rows:
            g = r["runmat"].get("gpu", {})
            f.write("- %s: runmatc `%s`%s" % (r["program"], g.get("result"), " ok" if g.get("metric_ok") else ""))
            for name, p in r["peers"].items():
                f.write("; %s `%s`%s (%s, compile %.1f s)" % (name, p.get("result"), " ok" if p.get("metric_ok") else "",
                                                              p.get("variant", p.get("error", "")[:80]),
                                                              p.get("compile_seconds", 0)))
            f.write("\n")
        for r in rows:
            if "copy_roofline_seconds" in r:
                f.write("\nimage_normalize's copy-bandwidth roofline (PyTorch copying its input once): %.3f ms.\n" %
                        (r["copy_roofline_seconds"] * 1e3))
        f.write("\nMemory (runmatc gpu, warm runs): peak device memory held / peak tensor bytes on the device:\n\n")
        for r in rows:
            g = r["runmat"].get("gpu", {})
            if "peak_device_bytes" in g and g["peak_tensor_bytes"]:
                f.write("- %s: %.1f MB / %.1f MB = %.3f; held after each run (MB): %s\n" % (
                    r["program"], g["peak_device_bytes"] / 1e6, g["peak_tensor_bytes"] / 1e6,
                    g["peak_device_bytes"] / g["peak_tensor_bytes"],
                    " ".join("%.0f" % (b / 1e6) for b in sorted(set(g["held_device_bytes"])))))
    print("wrote %s.json and %s.md" % (base, base))


if __name__ == "__main__":
    main()
