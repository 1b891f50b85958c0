#!/usr/bin/env python3
"""Every SPIR-V module an artifact carries passes spirv-val (Vulkan 1.2
rules): compiles each given program, dumps its modules with
`runmat-run --dump-spirv`, and validates each one.

  validate_spirv.py --bin BUILD/bin prog.m..."""
import argparse, glob, os, subprocess, sys, tempfile

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--spirv-val", default="spirv-val")
    ap.add_argument("programs", nargs="+")
    args = ap.parse_args()
    failures, modules = 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        for prog in args.programs:
            name = os.path.splitext(os.path.basename(prog))[0]
            artifact = os.path.join(tmp, name + ".rmx")
            out = os.path.join(tmp, name)
            os.makedirs(out)
            c = subprocess.run([os.path.join(args.bin, "runmatc"), "compile", prog, "-o", artifact],
                               capture_output=True, text=True, cwd=os.path.dirname(os.path.abspath(prog)))
            if c.returncode:
                print("FAIL %s: runmatc: %s" % (name, c.stderr.strip())); failures += 1; continue
            d = subprocess.run([os.path.join(args.bin, "runmat-run"), artifact, "--dump-spirv", out],
                               capture_output=True, text=True)
            files = sorted(glob.glob(os.path.join(out, "*.spv")))
            if d.returncode or not files:
                print("FAIL %s: no SPIR-V modules (%s)" % (name, d.stderr.strip())); failures += 1; continue
            bad = []
            for f in files:
                v = subprocess.run([args.spirv_val, "--target-env", "vulkan1.2", f], capture_output=True, text=True)
                if v.returncode:
                    bad.append("%s: %s" % (os.path.basename(f), (v.stdout + v.stderr).strip()))
            modules += len(files)
            if bad:
                failures += 1
                print("FAIL %s\n  %s" % (name, "\n  ".join(bad)))
            else:
                print("ok   %s (%d modules)" % (name, len(files)))
    print("%d modules checked, %d programs failed" % (modules, failures))
    return 1 if failures else 0

if __name__ == "__main__":
    sys.exit(main())
