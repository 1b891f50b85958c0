#!/usr/bin/python3
"""Coverage of public MATLAB/Octave programs written by others.

corpus/others.tsv names each program (repository, path, commit, stored-file
id); the texts live, unchanged, in corpus/programs/others/<program>/ (kept
out of git, corpus/README.md says how to fetch them), and corpus/drivers/
holds our own small driver per function-file program (a script program is
run as it is). For each program this script copies its files and its driver
into a fresh folder (runmatc and Octave both find functions in the folder
of the file they run), compiles the driver with runmatc, runs it, runs the
same driver with GNU Octave, and compares the two outputs: the same text and
every number within a relative tolerance (test/e2e/compare_with_octave.py's
rule).

  /usr/bin/python3 benchmarks/corpus_coverage.py [--bin build/bin] [--device cpu|gpu]
      [--fusion on|off] [--out FILE.md] [program ...]

Outcomes: "agrees" (compiles, runs, prints what Octave prints), "DIFFERS"
(a wrong answer: the one outcome that must never happen), "refused" (runmatc
says what it does not support, with the first message), "run error" (the
artifact stopped with an error Octave did not give), "octave error" (the
reference itself failed; not counted against runmatc). A benchmark of
coverage, not a test: ctest does not run it.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "test", "e2e"))
from compare_with_octave import close, octave_source, parse  # noqa: E402

OCTAVE_NOISE = "ignoring const execution_exception"


def read_table(path):
    programs = {}
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        name, category, file, repo, repo_path, commit, file_id = line.rstrip("\n").split("\t")
        p = programs.setdefault(name, {"category": category, "files": [], "sources": []})
        p["files"].append(file)
        p["sources"].append(f"{repo}/{repo_path}")
    return programs


def run(cmd, cwd, timeout=120):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, timeout=timeout)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(cmd, 124, "", f"timed out after {timeout} s")


def first_error(text):
    lines = [l for l in text.strip().splitlines() if l.strip()]
    for l in lines:
        if "error" in l:
            return l
    return lines[0] if lines else ""


def compare(ours, theirs, tol):
    shape_r, nums_r = parse(ours)
    shape_o, nums_o = parse(theirs)
    if shape_r != shape_o:
        return "text differs"
    if len(nums_r) != len(nums_o):
        return f"{len(nums_r)} numbers vs {len(nums_o)}"
    for i, (a, b) in enumerate(zip(nums_r, nums_o)):
        if not close(a, b, tol):
            return f"number {i + 1}: runmatc {a!r}, octave {b!r}"
    return ""


def check(name, prog, args, work):
    folder = os.path.join(work, name)
    os.makedirs(folder)
    src = os.path.join(args.programs, name)
    for f in prog["files"]:
        if not os.path.isfile(os.path.join(src, f)):
            return "missing", f"{src}/{f} is not fetched (corpus/README.md)"
        shutil.copy(os.path.join(src, f), folder)
    driver = os.path.join(ROOT, "corpus", "drivers", name + ".m")
    if os.path.isfile(driver):
        entry = "drive_" + name + ".m"
        shutil.copy(driver, os.path.join(folder, entry))
    else:
        entry = prog["files"][0]
    rmx = os.path.join(work, name + ".rmx")
    flags = ["--fusion=off"] if args.fusion == "off" else []
    c = run([os.path.join(args.bin, "runmatc"), "compile", entry, "-o", rmx] + flags, folder)
    if c.returncode != 0:
        return "refused", first_error(c.stderr).replace(folder + "/", "")
    r = run([os.path.join(args.bin, "runmat-run"), rmx, "--device", args.device], folder)
    # Octave runs a script's local functions only once it has read them.
    oct_entry = os.path.join(folder, "octave_" + entry)
    with open(os.path.join(folder, entry)) as f, open(oct_entry, "w") as g:
        g.write(octave_source(f.read()))
    o = run(["octave-cli", "-q", "--no-window-system", "--norc", oct_entry], folder)
    o_err = "\n".join(l for l in o.stderr.splitlines() if OCTAVE_NOISE not in l)
    octave_failed = o.returncode != 0 or "error:" in o_err
    if r.returncode != 0:
        # Both stopping with an error is agreement when the output before it agrees.
        if octave_failed and not compare(r.stdout, o.stdout, args.tolerance):
            return "agrees", "both stop with an error: " + first_error(r.stderr)
        return "run error", first_error(r.stderr)
    if octave_failed:
        return "octave error", first_error(o_err)
    why = compare(r.stdout, o.stdout, args.tolerance)
    if why:
        return "DIFFERS", why
    return "agrees", f"{len(parse(r.stdout)[1])} numbers"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"))
    ap.add_argument("--programs", default=os.path.join(ROOT, "corpus", "programs", "others"))
    ap.add_argument("--table", default=os.path.join(ROOT, "corpus", "others.tsv"))
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--fusion", default="on", choices=["on", "off"])
    ap.add_argument("--tolerance", type=float, default=1e-5)
    ap.add_argument("--out", default="")
    ap.add_argument("names", nargs="*", help="programs to check (default: all)")
    args = ap.parse_args()
    args.bin = os.path.abspath(args.bin)
    programs = read_table(args.table)
    names = args.names or list(programs)
    rows, counts = [], {}
    with tempfile.TemporaryDirectory(prefix="runmat-corpus-") as work:
        for i, name in enumerate(names, 1):
            status, detail = check(name, programs[name], args, work)
            counts[status] = counts.get(status, 0) + 1
            print(f"[{i}/{len(names)}] {status:12} {name}: {detail}", file=sys.stderr, flush=True)
            rows.append((name, programs[name]["category"], status, detail))
    agree = counts.get("agrees", 0)
    lines = [f"{len(names)} programs ({args.device}, fusion {args.fusion}): {agree} agree with Octave "
             f"({100.0 * agree / max(1, len(names)):.0f}%); " +
             ", ".join(f"{v} {k}" for k, v in sorted(counts.items()) if k != "agrees"), ""]
    lines.append("| program | category | outcome | detail |")
    lines.append("| --- | --- | --- | --- |")
    for r in rows:
        lines.append("| " + " | ".join(str(x).replace("|", "\\|") for x in r) + " |")
    text = "\n".join(lines)
    print(text)
    if args.out:
        open(args.out, "w").write(text + "\n")
    return 1 if counts.get("DIFFERS") else 0


if __name__ == "__main__":
    sys.exit(main())
