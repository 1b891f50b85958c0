#!/usr/bin/env python3
"""Golden test of the fusion planner: every program compiled fused (the
default) and with --fusion=off prints the same numbers on each device, within
1e-5 relative (1e-4 for single-precision programs, those that mention
'single'), floating-point reassociation being the only allowed difference.
Also checks that fusion never adds launches (runmat-run --telemetry).

  compare_fusion.py --bin BUILD/bin [--devices cpu,gpu] [--param NAME=V ...] [--budget PROGRAM=N ...] program.m ...
Parameters given with --param apply to programs that declare them."""
import argparse, json, os, re, subprocess, sys, tempfile

NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?Inf|NaN")


def numbers(text):
    return NUMBER.findall(text)


def last_digit(text):
    """The value of one unit in the last printed digit of `text`."""
    m = re.match(r"[-+]?\d*(?:\.(\d*))?(?:[eE]([-+]?\d+))?$", text)
    if not m:
        return 0.0
    return 10.0 ** (int(m.group(2) or 0) - len(m.group(1) or ""))


def close(a, b, tol):
    if a == b:
        return True
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    if x != x or y != y:
        return x != x and y != y
    # What was printed limits what can agree: one unit in the last digit.
    return abs(x - y) <= max(tol * max(abs(x), abs(y)), 1.01 * max(last_digit(a), last_digit(b)))


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    return p.returncode, p.stdout, p.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--devices", default="cpu,gpu")
    ap.add_argument("--param", action="append", default=[])
    ap.add_argument("--budget", action="append", default=[],
                    help="NAME=N: the fused program may make at most N launches (issue 5's targets)")
    ap.add_argument("programs", nargs="+")
    args = ap.parse_args()
    runmatc, runmat_run = os.path.join(args.bin, "runmatc"), os.path.join(args.bin, "runmat-run")
    budgets = {b.split("=")[0]: int(b.split("=")[1]) for b in args.budget}
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for prog in args.programs:
            name = os.path.splitext(os.path.basename(prog))[0]
            source = open(prog).read()
            tol = 1e-4 if "single" in source else 1e-5
            artifacts = {}
            for mode in ("on", "off"):
                out = os.path.join(tmp, "%s-%s.rmx" % (name, mode))
                rc, _, err = run([runmatc, "compile", prog, "--fusion=" + mode, "-o", out])
                if rc != 0:
                    print("FAIL %s: compile --fusion=%s: %s" % (name, mode, err.strip()))
                    failures += 1
                    break
                artifacts[mode] = out
            if len(artifacts) != 2:
                continue
            # Parameters the program declares (runmat-run --list: "entry a=1 b=2").
            _, listing, _ = run([runmat_run, artifacts["on"], "--list"])
            declared = {w.split("=")[0] for w in listing.split()[1:]}
            params = []
            for p in args.param:
                if p.split("=")[0] in declared:
                    params += ["-p", p]
            for device in args.devices.split(","):
                outputs, launches = {}, {}
                for mode, art in artifacts.items():
                    tel = os.path.join(tmp, "%s-%s-%s.json" % (name, mode, device))
                    rc, out, err = run([runmat_run, art, "--device", device, "--telemetry", tel] + params)
                    outputs[mode] = (rc, out, err)
                    try:
                        launches[mode] = json.load(open(tel)).get("launches")
                    except (OSError, ValueError):
                        launches[mode] = None
                (rc1, o1, e1), (rc2, o2, e2) = outputs["on"], outputs["off"]
                problems = []
                if rc1 != 0 and rc1 == rc2:
                    problems.append("both runs failed: %s" % e1.strip()[:200])
                if rc1 != rc2:
                    problems.append("exit status %d fused, %d unfused (%s)" % (rc1, rc2, (e1 or e2).strip()[:200]))
                n1, n2 = numbers(o1), numbers(o2)
                if len(n1) != len(n2):
                    problems.append("%d numbers fused, %d unfused" % (len(n1), len(n2)))
                else:
                    worst = 0.0
                    for a, b in zip(n1, n2):
                        if not close(a, b, tol):
                            problems.append("fused %s, unfused %s" % (a, b))
                        try:
                            x, y = float(a), float(b)
                            if x == x and y == y and max(abs(x), abs(y)) > 0:
                                worst = max(worst, abs(x - y) / max(abs(x), abs(y)))
                        except ValueError:
                            pass
                if launches["on"] is not None and launches["off"] is not None and launches["on"] > launches["off"]:
                    problems.append("fusion added launches: %d > %d" % (launches["on"], launches["off"]))
                if name in budgets and (launches["on"] is None or launches["on"] > budgets[name]):
                    problems.append("%s launches fused, the budget is %d" % (launches["on"], budgets[name]))
                if problems:
                    failures += 1
                    print("FAIL %s on %s: %s" % (name, device, "; ".join(problems[:5])))
                else:
                    print("ok   %s on %s: %d numbers agree (worst %.2g relative, tolerance %g); launches %s fused, %s unfused"
                          % (name, device, len(n1), worst, tol, launches["on"], launches["off"]))
    if failures:
        print("%d failure(s)" % failures)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
