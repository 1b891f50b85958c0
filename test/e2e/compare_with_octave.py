#!/usr/bin/env python3
"""End-to-end check against GNU Octave: each program is compiled with runmatc,
run with runmat-run, run with octave-cli, and the two outputs must agree: the
same text, and every number within a relative tolerance (default 1e-5).

  compare_with_octave.py --bin BUILD/bin [--tolerance 1e-5] [--device cpu] [--fusion off] prog.m...

Octave runs local functions only if they come first, so the runner moves a
script's trailing functions to the top (after Octave's "1;" marker)."""
import argparse, math, os, re, subprocess, sys, tempfile

NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|Inf|NaN)")

def octave_source(text):
    # Octave defines a script's functions when it reaches them; MATLAB
    # scripts call local functions defined below. The functions (from the
    # first 'function' line to the last column-0 'end' after it) go first,
    # then the statements before and after them, in order.
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.startswith("function ")), None)
    if first is None:
        return text
    ends = [i for i in range(first, len(lines)) if lines[i].rstrip() == "end"]
    last = ends[-1] if ends else len(lines) - 1
    functions, before, after = lines[first:last + 1], lines[:first], lines[last + 1:]
    return "1;\n" + "\n".join(functions) + "\n" + "\n".join(before + after) + "\n"

def parse(output):
    numbers = [float(m.group(0).replace("Inf", "inf").replace("NaN", "nan")) for m in NUMBER.finditer(output)]
    shape = NUMBER.sub("#", output)
    return shape, numbers

def close(a, b, tol):
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= tol * max(abs(a), abs(b)) + 1e-12

def run(cmd, cwd):
    return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, timeout=300)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--tolerance", type=float, default=1e-5)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--fusion", default="on", choices=["on", "off"], help="compile with runmatc --fusion=off too")
    ap.add_argument("programs", nargs="+")
    args = ap.parse_args()
    args.bin = os.path.abspath(args.bin)
    runmatc, runmat_run = os.path.join(args.bin, "runmatc"), os.path.join(args.bin, "runmat-run")
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for prog in map(os.path.abspath, args.programs):
            name = os.path.splitext(os.path.basename(prog))[0]
            artifact = os.path.join(tmp, name + ".rmx")
            flags = ["--fusion=off"] if args.fusion == "off" else []
            c = run([runmatc, "compile", prog, "-o", artifact] + flags, tmp)
            if c.returncode != 0:
                print("FAIL %s: runmatc: %s" % (name, c.stderr.strip())); failures += 1; continue
            r = run([runmat_run, artifact, "--device", args.device], tmp)
            if r.returncode != 0:
                print("FAIL %s: runmat-run: %s" % (name, r.stderr.strip())); failures += 1; continue
            oct_dir = os.path.join(tmp, name)
            os.makedirs(oct_dir)
            oct_file = os.path.join(oct_dir, name + ".m")
            with open(prog) as f, open(oct_file, "w") as g:
                g.write(octave_source(f.read()))
            o = run(["octave-cli", "-q", "--no-window-system", "--norc", oct_file], oct_dir)
            # Octave 7 in containers reports this at exit after any run; it is not the program's error.
            stderr = "\n".join(l for l in o.stderr.splitlines() if "ignoring const execution_exception" not in l)
            if o.returncode != 0 or "error:" in stderr:
                print("FAIL %s: octave: %s" % (name, stderr.strip())); failures += 1; continue
            shape_r, nums_r = parse(r.stdout)
            shape_o, nums_o = parse(o.stdout)
            problems = []
            if shape_r != shape_o:
                problems.append("text differs:\n--- runmatc\n%s--- octave\n%s" % (r.stdout, o.stdout))
            elif len(nums_r) != len(nums_o):
                problems.append("%d numbers vs %d" % (len(nums_r), len(nums_o)))
            else:
                bad = [(i, a, b) for i, (a, b) in enumerate(zip(nums_r, nums_o)) if not close(a, b, args.tolerance)]
                for i, a, b in bad[:5]:
                    problems.append("number %d: runmatc %r, octave %r" % (i + 1, a, b))
            if problems:
                failures += 1
                print("FAIL %s\n  %s" % (name, "\n  ".join(problems)))
            else:
                print("ok   %s (%d numbers)" % (name, len(nums_r)))
    print("%d of %d programs agree with Octave" % (len(args.programs) - failures, len(args.programs)))
    return 1 if failures else 0

if __name__ == "__main__":
    sys.exit(main())
