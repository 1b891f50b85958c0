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


def disagreement(a_text, b_text, rtol, atol=0.0, words=str.split):
    """Why two outputs differ ("" when they agree): the same words, numbers
    within atol + rtol relative. `words` splits a text into words."""
    a, b = words(a_text), words(b_text)
    if len(a) != len(b):
        return "%d words on the CPU, %d on the GPU" % (len(a), len(b))
    for x, y in zip(a, b):
        u, v = number(x), number(y)
        if u is None or v is None:
            if x != y:
                return "CPU %r, GPU %r" % (x, y)
        elif math.isnan(u) or math.isnan(v) or math.isinf(u) or math.isinf(v):
            if not (u == v or (math.isnan(u) and math.isnan(v))):
                return "CPU %s, GPU %s" % (x, y)
        elif abs(u - v) > atol + rtol * max(abs(u), abs(v), 1e-30):
            return "CPU %s, GPU %s: beyond relative %g" % (x, y, rtol)
    return ""


def main():
    cpu, gpu, rtol = sys.argv[1], sys.argv[2], float(sys.argv[3])
    text = open(cpu).read()
    why = disagreement(text, open(gpu).read(), rtol)
    if why:
        sys.exit(why)
    if len(sys.argv) > 4:
        ops = {k["name"]: k["device"] for k in json.load(open(sys.argv[4])).get("library", [])}
        for op in sys.argv[5:]:
            if ops.get(op) != "gpu":
                sys.exit("library operation %s ran on %s" % (op, ops.get(op, "nothing")))
    print("%d words agree" % len(text.split()))


if __name__ == "__main__":
    main()
