#!/usr/bin/env python3
"""Mutation fuzzing of runmatc's front half, fusion planner and GPU code
generation: random edits of seed programs and traces must give exit status 0
(accepted) or 1 (a diagnosed error), never a crash, a hang or an internal
error, when traced, imported and fused, and compiled to SPIR-V (every
kernel's GLSL through glslang and SPIRV-Tools' validator). Usage:
  scripts/fuzz_frontend.py BUILD_DIR [ITERATIONS] [SEED]"""
import os, random, subprocess, sys, tempfile

build = sys.argv[1]
iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 300
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
runmatc = os.path.join(build, "bin", "runmatc")
seeds = []
for d in ["examples/suite", "test/frontend", "test/patterns", "test/e2e/octave"]:
    for f in sorted(os.listdir(os.path.join(root, d))):
        if f.endswith(".m"):
            seeds.append(open(os.path.join(root, d, f)).read())
traces = [subprocess.run([runmatc, "trace", os.path.join(root, "examples/suite", f)],
                         capture_output=True, text=True).stdout
          for f in sorted(os.listdir(os.path.join(root, "examples/suite"))) if f.endswith(".m")]
pieces = ["(", ")", "[", "]", "'", "end", ";", "\n", ":", "+", "-", ".^", "*", "=", "1e999", "%", "%{\n",
          "...", "x", "0", "-1", "1:0", "{", "}", "if", "for", "while", "function", "\"", "&&", "~", ",",
          "args:", "out:", "type:", "double[", "v9", "- op:", "regions:", "  ", "\t", "\x00", "\xff"]

def mutate(text):
    for _ in range(rng.randint(1, 4)):
        if not text:
            text = rng.choice(pieces)
        i = rng.randrange(len(text) + 1)
        j = min(len(text), i + rng.randint(0, 8))
        op = rng.random()
        if op < 0.4:
            text = text[:i] + text[j:]
        elif op < 0.8:
            text = text[:i] + rng.choice(pieces) + text[i:]
        else:
            k = rng.randrange(len(text) + 1)
            text = text[:i] + text[k:k + (j - i)] + text[i:]
    return text

bad = 0
with tempfile.TemporaryDirectory() as tmp:
    for n in range(iterations):
        is_trace = rng.random() < 0.35
        text = mutate(rng.choice(traces if is_trace else seeds))
        path = os.path.join(tmp, "case%d.%s" % (n, "yaml" if is_trace else "m"))
        with open(path, "w", errors="surrogateescape") as f:
            f.write(text)
        for args in (["trace", path], ["compile", path, "--emit=fused", "-o", os.devnull],
                     ["compile", path, "--emit=spirv", "-o", os.devnull]):
            try:
                r = subprocess.run([runmatc] + args, capture_output=True, timeout=60)
            except subprocess.TimeoutExpired:
                print("HANG:", args); bad += 1; continue
            if r.returncode not in (0, 1) or b"internal error" in r.stderr or b"AddressSanitizer" in r.stderr:
                bad += 1
                keep = os.path.join("/tmp", "fuzz-fail-%d-%s" % (n, os.path.basename(path)))
                open(keep, "w", errors="surrogateescape").write(text)
                print("FAIL rc=%d %s -> %s\n%s" % (r.returncode, " ".join(args), keep, r.stderr.decode(errors="replace")[-1500:]))
print("fuzz: %d cases, %d failures" % (iterations, bad))
sys.exit(1 if bad else 0)
