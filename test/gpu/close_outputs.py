#!/usr/bin/env python3
"""Two program outputs agree: the same words, and numbers within a relative
tolerance (for results whose summation order differs between devices).
Usage: close_outputs.py CPU_OUT GPU_OUT RTOL [TELEMETRY_JSON LIBRARY_OP...]
With a telemetry file, each named library operation must have run on the GPU."""
import json
import math
import sys


def number(word):
    try:
        return float(word)
    except ValueError:
        return None


def main():
    cpu, gpu, rtol = sys.argv[1], sys.argv[2], float(sys.argv[3])
    a, b = open(cpu).read().split(), open(gpu).read().split()
    if len(a) != len(b):
        sys.exit("%d words on the CPU, %d on the GPU" % (len(a), len(b)))
    for x, y in zip(a, b):
        u, v = number(x), number(y)
        if u is None or v is None:
            if x != y:
                sys.exit("CPU %r, GPU %r" % (x, y))
        elif math.isnan(u) or math.isnan(v) or math.isinf(u) or math.isinf(v):
            if not (u == v or (math.isnan(u) and math.isnan(v))):
                sys.exit("CPU %s, GPU %s" % (x, y))
        elif abs(u - v) > rtol * max(abs(u), abs(v), 1e-30):
            sys.exit("CPU %s, GPU %s: beyond relative %g" % (x, y, rtol))
    if len(sys.argv) > 4:
        ops = {k["name"]: k["device"] for k in json.load(open(sys.argv[4])).get("library", [])}
        for op in sys.argv[5:]:
            if ops.get(op) != "gpu":
                sys.exit("library operation %s ran on %s" % (op, ops.get(op, "nothing")))
    print("%d words agree" % len(a))


main()
