#!/usr/bin/env python3
"""Compares two program outputs as test/e2e/compare_with_octave.py does: the
same text around the numbers, every number within a relative 1e-5.
  compare_outputs.py A.txt B.txt NAME   (prints 'same NAME n' or 'DIFF NAME n')"""
import math
import re
import sys

NUM = re.compile(r"-?(?:\d+\.?\d*(?:e[-+]?\d+)?|\.\d+(?:e[-+]?\d+)?|Inf|NaN)")

def numbers(text):
    return [float(x.replace("Inf", "inf").replace("NaN", "nan")) for x in NUM.findall(text)]

def close(x, y):
    if math.isnan(x) or math.isnan(y):
        return math.isnan(x) and math.isnan(y)
    if math.isinf(x) or math.isinf(y):
        return x == y
    return abs(x - y) <= 1e-5 * max(abs(x), abs(y)) + 1e-12

a, b = open(sys.argv[1]).read(), open(sys.argv[2]).read()
na, nb = numbers(a), numbers(b)
bad = len(na) != len(nb) or NUM.sub("#", a) != NUM.sub("#", b) or any(not close(x, y) for x, y in zip(na, nb))
print(("DIFF " if bad else "same ") + sys.argv[3], len(na))
sys.exit(1 if bad else 0)
