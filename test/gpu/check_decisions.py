#!/usr/bin/env python3
"""The decisions a run's telemetry records. Usage:
  check_decisions.py TELEMETRY [WHAT=DEVICE:CODE]...  (WHAT: a kernel's source op, e.g. runmat.reduce, its
                                                       name, e.g. k0, or a library operation, e.g. gram)
  check_decisions.py TELEMETRY --no-gpu-start        (the GPU was not started)
Every named kernel or operation must have run on DEVICE with reason code CODE."""
import json
import sys

t = json.load(open(sys.argv[1]))
if sys.argv[2:] == ["--no-gpu-start"]:
    assert t["gpu"]["device"] == "", "the GPU was started: %s" % t["gpu"]["device"]
    assert t["host"]["gpu_start_seconds"] == 0, t["host"]
    print("the GPU was not started")
    sys.exit(0)
entries = [(k["covers"][0].split(" ")[0] if k["covers"] else k["name"], k) for k in t["kernels"]]
entries += [(k["name"], k) for k in t["kernels"]]  # or by kernel name (k0)
entries += [(k["name"], k) for k in t["library"]]
for want in [w for w in sys.argv[2:] if w != "--"]:
    what, rest = want.split("=")
    device, code = rest.split(":")
    found = [k for name, k in entries if name == what]
    assert found, "nothing ran as %s: %s" % (what, [n for n, _ in entries])
    for k in found:
        assert k["device"] == device and k["decision"]["code"] == code, \
            "%s ran on %s (%s: %s), not %s (%s)" % (what, k["device"], k["decision"]["code"], k["reason"], device, code)
print("%d decisions as expected" % (len(sys.argv) - 2))
