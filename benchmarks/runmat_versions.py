#!/usr/bin/python3
"""Coverage of RunMat's own versions of the five suite workloads.

The public runmat-org/runmat repository holds 21 versions of the suite's
programs (its benchmarks/ folder over its history). Their text is not ours
to commit: corpus/runmat.tsv names each (stored-file id, path, commit) and
corpus/README.md says how to fetch them into corpus/programs/runmat/ (kept
out of git). This script compiles each with runmatc, runs it at small sizes
(bound both as -p parameters and as the environment variables the program
reads), and compares with the suite program of the same workload at the
same sizes: the RESULT line and the launches a run makes.

  /usr/bin/python3 benchmarks/runmat_versions.py [--bin build/bin] [--out FILE]

A benchmark of coverage, not a test: ctest does not run it.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUITE = os.path.join(os.path.dirname(ROOT), "shared", "suite")

# Small sizes per workload: parameter names (-p) and the environment
# variables RunMat's versions read for them.
SMALL = {
    "img": ("image_normalize", {"B": 2, "H": 64, "W": 48}, {"IMG_B": 2, "IMG_H": 64, "IMG_W": 48}),
    "iir": ("iir_smoothing", {"M": 4096, "T": 32}, {}),
    "mc": ("monte_carlo", {"M": 100000, "T": 16}, {"MC_M": 100000, "MC_T": 16}),
    "nlms": ("nlms", {"p": 16, "C": 64, "T": 10}, {"NLMS_P": 16, "NLMS_C": 64, "NLMS_T": 10}),
    "pca": ("pca", {"n": 2048, "d": 64, "k": 4, "iters": 5},
            {"PCA_N": 2048, "PCA_D": 64, "PCA_K": 4, "PCA_ITERS": 5}),
}


def run(cmd, env=None):
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
    return p.returncode, p.stdout, p.stderr


def params_of(bin_dir, rmx):
    rc, out, _ = run([os.path.join(bin_dir, "runmat-run"), rmx, "--list"])
    names = set()
    for word in out.split()[1:]:
        if "=" in word:
            names.add(word.split("=")[0])
    return names


def run_small(bin_dir, rmx, params, envs):
    names = params_of(bin_dir, rmx)
    cmd = [os.path.join(bin_dir, "runmat-run"), rmx, "-v"]
    bound = {k: v for k, v in params.items() if k in names}
    for k, v in bound.items():
        cmd += ["-p", f"{k}={v}"]
    env = dict(os.environ)
    env.update({k: str(v) for k, v in envs.items()})
    rc, out, err = run(cmd, env)
    result = next((l for l in out.splitlines() if l.startswith("RESULT")), "")
    m = re.search(r"(\d+) launches", err)
    launches = int(m.group(1)) if m else None
    why = "" if rc == 0 else (err.strip().splitlines() or ["exit %d" % rc])[-1]
    return rc, result, launches, bound, why


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"))
    ap.add_argument("--programs", default=os.path.join(ROOT, "corpus", "programs", "runmat"))
    ap.add_argument("--out", default="")
    a = ap.parse_args()
    if not os.path.isdir(a.programs):
        sys.exit(f"{a.programs} is missing: fetch the programs first (corpus/README.md)")
    tmp = tempfile.mkdtemp(prefix="runmat-versions-")
    suite = {}
    for key, (prog, params, envs) in SMALL.items():
        rmx = os.path.join(tmp, prog + ".rmx")
        rc, _, err = run([os.path.join(a.bin, "runmatc"), "compile", os.path.join(SUITE, prog + ".m"), "-o", rmx])
        suite[key] = run_small(a.bin, rmx, params, {}) if rc == 0 else None
    rows = []
    compiled = ran = same_launches = 0
    files = sorted(f for f in os.listdir(a.programs) if f.endswith(".m"))
    for f in files:
        key = f.split("_")[0]
        prog, params, envs = SMALL[key]
        rmx = os.path.join(tmp, f[:-2] + ".rmx")
        rc, _, err = run([os.path.join(a.bin, "runmatc"), "compile", os.path.join(a.programs, f), "-o", rmx])
        if rc != 0:
            first = next((l for l in err.splitlines() if "error" in l), err.strip())
            rows.append((f, "refused", "", "", first.split(": error: ")[-1]))
            continue
        compiled += 1
        rc, result, launches, bound, why = run_small(a.bin, rmx, params, envs)
        if rc != 0:
            rows.append((f, "compiles", "", "", why))
            continue
        ran += 1
        s = suite[key]
        note = ""
        if not bound and not any(k in open(os.path.join(a.programs, f)).read() for k in envs):
            note = "fixed sizes (no parameters): run at its own size"
        same = s is not None and launches == s[2]
        same_launches += same
        rows.append((f, "runs", result, f"{launches} (suite {s[2] if s else '?'})", note))
    lines = [f"{len(files)} versions: {compiled} compile, {ran} run at small sizes, "
             f"{same_launches} with the suite program's launch count at the same sizes", ""]
    lines.append("| program | status | result | launches a run | note |")
    lines.append("| --- | --- | --- | --- | --- |")
    for r in rows:
        lines.append("| " + " | ".join(str(x) for x in r) + " |")
    lines.append("")
    lines.append("Suite programs at the same sizes: " +
                 "; ".join(f"{SMALL[k][0]} {v[1]} ({v[2]} launches)" for k, v in suite.items() if v))
    text = "\n".join(lines)
    print(text)
    if a.out:
        open(a.out, "w").write(text + "\n")


if __name__ == "__main__":
    main()
