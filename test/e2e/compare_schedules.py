#!/usr/bin/env python3
"""Every GPU schedule gives the CPU's numbers (issue 17): each program runs on
the CPU, on the GPU with the manifest's (model) schedules, and on the GPU with
every GPU kernel forced to other schedules (session option schedule.<kernel>
through runmat-run --schedule: small and large workgroups, few and many
workgroups per compute unit, split-only reductions); outputs must agree to a
relative tolerance (summation order differs).
Usage: compare_schedules.py --bin BUILD/bin [--param name=value]... PROG.m..."""
import argparse, os, re, subprocess, sys, tempfile

SCHEDULES = ["wg=64,groups=4,flat=2,form=split", "wg=1024,groups=64,flat=16,form=auto", "wg=32,groups=1,flat=1,form=auto"]


sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "gpu"))
from close_outputs import disagreement  # noqa: E402


def words(text):
    # "MSE=0.2" is a name and a number: the number is compared within the tolerance.
    return [w for w in re.split(r"[\s=,]+", text) if w]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--param", action="append", default=[])
    ap.add_argument("--rtol", type=float, default=2e-4)
    ap.add_argument("--atol", type=float, default=1e-12, help="for results at rounding level (residuals)")
    ap.add_argument("programs", nargs="+")
    args = ap.parse_args()
    bindir = os.path.abspath(args.bin)
    runmatc, run = os.path.join(bindir, "runmatc"), os.path.join(bindir, "runmat-run")
    args.programs = [os.path.abspath(p) for p in args.programs]
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for prog in args.programs:
            name = os.path.splitext(os.path.basename(prog))[0]
            rmx = os.path.join(tmp, name + ".rmx")
            subprocess.run([runmatc, "compile", prog, "--no-tuning", "-o", rmx], check=True,
                           cwd=os.path.dirname(os.path.abspath(prog)))
            manifest = subprocess.run([run, rmx, "--manifest"], check=True, capture_output=True, text=True).stdout
            # kernels with a GPU form: "- id: N" ... "gpu: {modules: [...]"
            ids, current = [], None
            for line in manifest.splitlines():
                m = re.match(r"\s*- id: (\d+)", line)
                if m:
                    current = int(m.group(1))
                elif current is not None and re.search(r"gpu: \{modules:", line):
                    ids.append(current)
            listed = subprocess.run([run, rmx, "--list"], check=True, capture_output=True, text=True).stdout
            params = [p for p in args.param if re.search(r"\b%s\b" % re.escape(p.split("=")[0]), listed)]
            base = [run, rmx] + sum((["-p", p] for p in params), [])
            cpu = subprocess.run(base + ["--device", "cpu"], check=True, capture_output=True, text=True).stdout
            for sched in ["(model)"] + SCHEDULES:
                extra = [] if sched == "(model)" else sum((["--schedule", "%d:%s" % (i, sched)] for i in ids), [])
                out = subprocess.run(base + ["--device", "gpu"] + extra, capture_output=True, text=True)
                why = "exit %d: %s" % (out.returncode, out.stderr.strip()) if out.returncode else \
                    disagreement(cpu, out.stdout, args.rtol, args.atol, words)
                print("%-22s %-40s %s" % (name, sched, "FAIL: " + why if why else "agrees with the CPU"))
                failures += bool(why)
    sys.exit(1 if failures else 0)


main()
