#!/usr/bin/env python3
"""--device auto against the faster of cpu and gpu (issue 16), over each
suite program at several sizes: the warm run (runmat-run --repeat, the
median of runs 2..N in one session, as a VM sees it) and the whole process
(one run, start-up and Vulkan included), under each device option, with
auto's decisions in its first and last runs. Not a test.

  auto_sweep.py --bin BIN --artifacts DIR [--repeat 8] [--processes 2] [--process-seconds S] [--json OUT] [--cases pca,image_normalize]
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time

CASES = [
    ("image_normalize", {"B": 1, "H": 64, "W": 64}), ("image_normalize", {"B": 1, "H": 512, "W": 512}),
    ("image_normalize", {"B": 4, "H": 1080, "W": 1920}), ("image_normalize", {}),
    ("monte_carlo", {"M": 1000, "T": 16}), ("monte_carlo", {"M": 10000, "T": 64}),
    ("monte_carlo", {"M": 100000, "T": 256}), ("monte_carlo", {}),
    ("iir_smoothing", {"M": 1000, "T": 64}), ("iir_smoothing", {"M": 10000, "T": 256}),
    ("iir_smoothing", {"M": 100000, "T": 512}), ("iir_smoothing", {}),
    ("nlms", {"C": 8, "T": 10}), ("nlms", {"C": 64, "T": 50}), ("nlms", {"C": 512, "T": 100}), ("nlms", {}),
    ("pca", {"n": 1000, "d": 32}), ("pca", {"n": 20000, "d": 512}), ("pca", {"n": 100000, "d": 256}), ("pca", {}),
]


def pv(params):
    return sum((["-p", "%s=%s" % kv] for kv in params.items()), [])


def warm(run, artifact, params, device, repeat, tmp):
    tele = os.path.join(tmp, "t.json")
    r = subprocess.run([run, artifact, "--device", device, "--repeat", str(repeat), "--telemetry", tele] + pv(params),
                       capture_output=True, text=True)
    if r.returncode != 0:
        return {"error": r.stderr[-300:]}
    t = json.load(open(tele))
    runs = [x for x in t["runs"][1:] if not x["gpu"]["timed"]] or t["runs"][1:]
    codes = sorted({"%s:%s" % (k["device"], k["decision"]["code"]) for k in t["kernels"] + t["library"]})
    return {"warm_seconds": statistics.median(x["wall_seconds"] for x in runs),
            "first_seconds": t["runs"][0]["wall_seconds"], "last_decisions": codes}


def process(run, artifact, params, device, tmp):
    tele = os.path.join(tmp, "p.json")
    t0 = time.perf_counter()
    r = subprocess.run([run, artifact, "--device", device, "--telemetry", tele] + pv(params), capture_output=True,
                       text=True)
    wall = time.perf_counter() - t0
    if r.returncode != 0:
        return None, []
    t = json.load(open(tele))
    return wall, sorted({"%s:%s" % (k["device"], k["decision"]["code"]) for k in t["kernels"] + t["library"]})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--artifacts", required=True)
    ap.add_argument("--repeat", type=int, default=8)
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--process-seconds", type=float, default=0.0,
                    help="after --processes rounds, more rounds while this many seconds last (at most 31)")
    ap.add_argument("--cases", default="")
    ap.add_argument("--json")
    args = ap.parse_args()
    run = os.path.join(args.bin, "runmat-run")
    wanted = set(c for c in args.cases.split(",") if c)
    rows = []
    print("%-16s %-22s %9s %9s %9s %5s | %8s %8s %8s %5s | %s" % (
        "program", "size", "cpu ms", "gpu ms", "auto ms", "ok", "cpu s", "gpu s", "auto s", "ok", "auto's decisions"))
    with tempfile.TemporaryDirectory() as tmp:
        for prog, params in CASES:
            if wanted and prog not in wanted:
                continue
            artifact = os.path.join(args.artifacts, prog + ".rmx")
            row = {"program": prog, "params": params}
            devices = ("cpu", "gpu", "auto")
            for device in devices:
                row[device] = warm(run, artifact, params, device, args.repeat if device != "cpu" else 4, tmp)
            # Whole processes in rounds: the machine's drift falls on every
            # device alike.
            # At least --processes rounds, then more while --process-seconds
            # lasts (up to 31): a 5 ms process needs many samples for a 10%
            # verdict on a noisy machine. Rounds alternate cpu, gpu, auto and
            # auto, gpu, cpu: a process right after a GPU process runs about
            # 0.9 ms slower on the H200 machine (benchmarks/auto_overhead.py --after-gpu), so
            # cpu and auto each follow it in half the rounds.
            samples = {d: [] for d in devices}
            began = time.perf_counter()
            rounds = 0
            while rounds < args.processes or (rounds < 31 and time.perf_counter() - began < args.process_seconds):
                for device in (devices if rounds % 2 == 0 else devices[::-1]):
                    samples[device].append(process(run, artifact, params, device, tmp))
                rounds += 1
            row["process_rounds"] = rounds
            for device in devices:
                walls = [w for w, _ in samples[device] if w is not None]
                row[device]["process_seconds"] = statistics.median(walls) if walls else None
                row[device]["first_decisions"] = samples[device][0][1] if samples[device] else []
            w = {d: row[d].get("warm_seconds") for d in ("cpu", "gpu", "auto")}
            p = {d: row[d].get("process_seconds") for d in ("cpu", "gpu", "auto")}
            if None not in w.values():
                best = min(w["cpu"], w["gpu"])
                row["warm_ok"] = w["auto"] <= max(1.1 * best, best + 1e-4)
            if None not in p.values():
                best = min(p["cpu"], p["gpu"])
                row["process_ok"] = p["auto"] <= 1.1 * best
            rows.append(row)
            size = ",".join("%s=%s" % kv for kv in params.items()) or "default"
            fmt = lambda v, s: "%9.3f" % (v * s) if v is not None else "%9s" % "-"
            print("%-16s %-22s %s %s %s %5s | %s %s %s %5s | first %s; warm %s" % (
                prog, size, fmt(w["cpu"], 1e3), fmt(w["gpu"], 1e3), fmt(w["auto"], 1e3), row.get("warm_ok"),
                fmt(p["cpu"], 1), fmt(p["gpu"], 1), fmt(p["auto"], 1), row.get("process_ok"),
                " ".join(row["auto"].get("first_decisions", [])), " ".join(row["auto"].get("last_decisions", []))),
                flush=True)
    if args.json:
        json.dump({"command": " ".join(sys.argv), "rows": rows}, open(args.json, "w"), indent=1)


if __name__ == "__main__":
    main()
