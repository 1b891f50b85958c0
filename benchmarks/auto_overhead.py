#!/usr/bin/env python3
"""auto's own cost in small whole processes (issue 16): the same program run
as many processes under --device cpu, auto, auto with RUNMAT_CALIBRATION=off
and auto with RUNMAT_CPU_OBSERVED=off, in rounds (so drift falls on all
alike), with the median wall and CPU time of each. Not a test.

  auto_overhead.py --bin BIN --artifacts DIR [--rounds 30] [--after-gpu]
"""
import argparse, os, statistics, subprocess, time

CASES = [("nlms", ["-p", "C=8", "-p", "T=10"]), ("iir_smoothing", ["-p", "M=1000", "-p", "T=64"])]
VARIANTS = [("cpu", ["--device", "cpu"], {}), ("auto", ["--device", "auto"], {}),
            ("auto-cal-off", ["--device", "auto"], {"RUNMAT_CALIBRATION": "off"}),
            ("auto-observed-off", ["--device", "auto"], {"RUNMAT_CPU_OBSERVED": "off"})]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--artifacts", required=True)
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--after-gpu", action="store_true",
                    help="begin each round with a --device gpu process, each variant first in turn, and report "
                         "each variant right after it and later apart (a process right after a GPU process ran "
                         "0.9 ms slower on the H200 machine)")
    args = ap.parse_args()
    run = os.path.join(args.bin, "runmat-run")
    for prog, params in CASES:
        cmd = [run, os.path.join(args.artifacts, prog + ".rmx")] + params
        res = {}
        for r in range(args.rounds):
            if args.after_gpu:
                subprocess.run(cmd + ["--device", "gpu"], stdout=subprocess.DEVNULL)
            k = r % len(VARIANTS) if args.after_gpu else 0  # each variant first in turn
            order = VARIANTS[k:] + VARIANTS[:k]
            for pos, (name, flags, env) in enumerate(order):
                key = name + ((" (right after gpu)" if pos == 0 else " (later)") if args.after_gpu else "")
                started = time.perf_counter()
                p = subprocess.Popen(cmd + flags, stdout=subprocess.DEVNULL, env=dict(os.environ, **env))
                _, _, usage = os.wait4(p.pid, 0)
                walls, cpus = res.setdefault(key, ([], []))
                walls.append(time.perf_counter() - started)
                cpus.append(usage.ru_utime + usage.ru_stime)
        print(prog, " ".join(params), " | ".join("%s wall %.2f cpu %.2f ms" % (
            n, statistics.median(w) * 1e3, statistics.median(c) * 1e3) for n, (w, c) in sorted(res.items())), flush=True)


if __name__ == "__main__":
    main()
