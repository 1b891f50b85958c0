#!/usr/bin/env python3
"""auto's own cost in small whole processes (issue 16): the same program run
as many processes under --device cpu, auto, auto with RUNMAT_CALIBRATION=off
and auto with RUNMAT_CPU_OBSERVED=off, in rounds (so drift falls on all
alike), with the median wall and CPU time of each. Not a test.

  auto_overhead.py --bin BIN --artifacts DIR [--rounds 30]
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
    args = ap.parse_args()
    run = os.path.join(args.bin, "runmat-run")
    for prog, params in CASES:
        res = {name: ([], []) for name, _, _ in VARIANTS}
        for _ in range(args.rounds):
            for name, flags, env in VARIANTS:
                started = time.perf_counter()
                p = subprocess.Popen([run, os.path.join(args.artifacts, prog + ".rmx")] + flags + params,
                                     stdout=subprocess.DEVNULL, env=dict(os.environ, **env))
                _, _, usage = os.wait4(p.pid, 0)
                res[name][0].append(time.perf_counter() - started)
                res[name][1].append(usage.ru_utime + usage.ru_stime)
        print(prog, " ".join(params), " | ".join("%s wall %.2f cpu %.2f ms" % (
            n, statistics.median(w) * 1e3, statistics.median(c) * 1e3) for n, (w, c) in res.items()), flush=True)


if __name__ == "__main__":
    main()
