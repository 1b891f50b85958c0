#!/usr/bin/env python3
"""Where a warm run's time goes, and what each runtime knob changes: runs
`runmat-run --repeat N` for each artifact under each environment variant
(RUNMAT_GPU_WAIT, RUNMAT_GPU_REPLAY, --timing off, ...) and prints the median
over runs 2..N of the wall time, the GPU kernel and idle times and the host's
share (waits, submits, recording, the entry's code, outputs, the run's end).
A diagnostic for issue 15's work, not a test.

  warm_variants.py --bin BIN --repeat 50 --case NAME=ARTIFACT[:p=v,...] ... \
      --variant NAME[:ENV=VALUE,...] ... [--json OUT]
  (a variant's "timing=on" entry means --timing on: every run timed; by
  default the runs are untimed, as a VM runs them, and one more is timed)
"""
import argparse, json, os, statistics, subprocess, sys, tempfile


def parse_case(text):
    name, rest = text.split("=", 1)
    artifact, _, params = rest.partition(":")
    return name, artifact, [p for p in params.split(",") if p]


def parse_variant(text):
    name, _, env = text.partition(":")
    return name, dict(e.split("=", 1) for e in env.split(",") if e)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--repeat", type=int, default=50)
    ap.add_argument("--device", default="gpu")
    ap.add_argument("--case", action="append", default=[])
    ap.add_argument("--variant", action="append", default=[])
    ap.add_argument("--json")
    args = ap.parse_args()
    variants = [parse_variant(v) for v in args.variant] or [("default", {})]
    out = []
    fields = [("wall", lambda r: r["wall_seconds"]), ("kernels", lambda r: r["gpu"]["kernel_seconds"]),
              ("beyond", lambda r: r["wall_seconds"] - r["gpu"]["kernel_seconds"]),
              ("idle", lambda r: r["gpu"]["idle_seconds"]), ("wait", lambda r: r["host"]["wait_seconds"]),
              ("submit", lambda r: r["host"]["submit_seconds"]), ("record", lambda r: r["host"]["record_seconds"]),
              ("entry", lambda r: r["host"]["entry_seconds"]), ("outputs", lambda r: r["host"]["output_seconds"]),
              ("end", lambda r: r["host"]["end_seconds"]), ("print", lambda r: r["host"]["print_seconds"])]
    print("%-22s %-12s" % ("case", "variant") + "".join("%9s" % f for f, _ in fields) + "   (ms, medians of runs 2..N)")
    with tempfile.TemporaryDirectory() as tmp:
        for case in args.case:
            name, artifact, params = parse_case(case)
            for vname, env in variants:
                environ = dict(os.environ)
                timing = env.pop("timing", "auto") if "timing" in env else "auto"
                environ.update(env)
                tele = os.path.join(tmp, "t.json")
                cmd = [os.path.join(args.bin, "runmat-run"), artifact, "--device", args.device, "--repeat",
                       str(args.repeat), "--timing", timing, "--telemetry", tele] + sum((["-p", p] for p in params), [])
                r = subprocess.run(cmd, capture_output=True, text=True, env=environ)
                if timing != "on":
                    env["timing"] = timing
                if r.returncode != 0:
                    print("%-22s %-12s FAILED %s" % (name, vname, r.stderr[-300:]))
                    continue
                every = json.load(open(tele))["runs"]
                runs = [x for x in every[1:] if not x["gpu"]["timed"]] or every[1:]
                timed = [x for x in every if x["gpu"]["timed"]] or runs
                meds = {f: statistics.median(g(x) for x in runs) for f, g in fields}
                # The GPU's times come from the timed runs (all of them under timing=on).
                meds["kernels"] = statistics.median(x["gpu"]["kernel_seconds"] for x in timed)
                meds["idle"] = statistics.median(x["gpu"]["idle_seconds"] for x in timed)
                meds["beyond"] = meds["wall"] - meds["kernels"]
                meds.update({"submits": statistics.median(x["gpu"]["submits"] for x in runs),
                             "replayed": statistics.median(x["gpu"]["replayed_segments"] for x in runs),
                             "min_wall": min(x["wall_seconds"] for x in runs)})
                out.append({"case": name, "variant": vname, "env": env, "medians": meds, "runs": runs})
                print("%-22s %-12s" % (name, vname) + "".join("%9.3f" % (meds[f] * 1e3) for f, _ in fields) +
                      "   min %.3f, %g submits, %g replayed" % (meds["min_wall"] * 1e3, meds["submits"], meds["replayed"]),
                      flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
