#!/usr/bin/env python3
"""The telemetry of runmat-run --repeat N: N untimed runs (the first records
its command buffers, the others replay them and record nothing), then one
more, timed, with kernel time. Usage: check_repeat.py TELEMETRY N"""
import json
import sys

t = json.load(open(sys.argv[1]))
n = int(sys.argv[2])
runs = t["runs"]
assert len(runs) == n + 1, "%d runs in the telemetry" % len(runs)
assert [r["run"] for r in runs] == list(range(1, n + 2)), [r["run"] for r in runs]
assert all(not r["gpu"]["timed"] for r in runs[:n]), "the repeated runs are untimed"
assert runs[n]["gpu"]["timed"] and runs[n]["gpu"]["kernel_seconds"] > 0, "the last run is timed"
assert runs[0]["gpu"]["recorded_segments"] > 0 and runs[0]["gpu"]["replayed_segments"] == 0
for r in runs[1:n]:
    assert r["gpu"]["recorded_segments"] == 0, r["gpu"]
    assert r["gpu"]["replayed_segments"] == runs[0]["gpu"]["recorded_segments"], r["gpu"]
    assert r["gpu"]["fresh_buffers"] == 0, "a warm run takes no new device buffers"
    assert r["gpu"]["held_device_bytes"] == runs[1]["gpu"]["held_device_bytes"]
assert runs[0]["host"]["gpu_start_seconds"] > 0 and runs[1]["host"]["gpu_start_seconds"] == 0
print("%d runs as expected" % len(runs))
