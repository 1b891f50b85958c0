#!/usr/bin/env python3
"""Does a process that follows a GPU process run slower? (issue 16: the
auto sweep ran cpu, gpu, auto in every round, and auto was 1 ms slower in
5 ms processes there, but not in rounds without a GPU process.) Runs, in
rounds, a --device gpu process and then cpu and auto in alternating order;
prints the median wall of each device right after the GPU process and
second after it. Not a test.

  after_gpu.py --bin BIN --artifacts DIR [--rounds 30]
"""
import argparse, os, statistics, subprocess, time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--artifacts", required=True)
    ap.add_argument("--rounds", type=int, default=30)
    args = ap.parse_args()
    run = os.path.join(args.bin, "runmat-run")
    cmd = [run, os.path.join(args.artifacts, "iir_smoothing.rmx"), "-p", "M=1000", "-p", "T=64"]
    res = {}
    for r in range(args.rounds):
        subprocess.run(cmd + ["--device", "gpu"], stdout=subprocess.DEVNULL)
        order = ("cpu", "auto") if r % 2 == 0 else ("auto", "cpu")
        for pos, d in enumerate(order):
            t = time.perf_counter()
            subprocess.run(cmd + ["--device", d], stdout=subprocess.DEVNULL)
            res.setdefault((d, pos), []).append(time.perf_counter() - t)
    for (d, pos), v in sorted(res.items()):
        print("%-4s %s the GPU process: median %.2f ms (%d)" % (d, "right after" if pos == 0 else "second after",
                                                                statistics.median(v) * 1e3, len(v)))


if __name__ == "__main__":
    main()
