#!/usr/bin/env python3
"""Writes a tuning database (docs/tuning.md) as runmatc tune would, with one
schedule for every GPU kernel of a run: its fingerprint from the manifest,
its size bucket from the run's telemetry (points), the run's GPU identity.
Usage: make_tuning_db.py MANIFEST TELEMETRY_JSON OUT SCHEDULE
  SCHEDULE: workgroup_size,groups_per_unit,flat_groups_per_unit,form"""
import json, math, re, sys

manifest, telemetry, out, spec = sys.argv[1:5]
wg, groups, flat, form = spec.split(",")
fingerprints, current = {}, None
for line in open(manifest):
    m = re.match(r"\s*- id: (\d+)", line)
    if m:
        current = int(m.group(1))
    m = re.match(r"\s*fingerprint: ([0-9a-f]+)", line)
    if m and current is not None:
        fingerprints[current] = m.group(1)
t = json.load(open(telemetry))
key = t["gpu"]["identity"]
lines = ["runmat_tuning: 1", "device: {key: %s, name: test}" % key, "kernels:"]
for k in t["kernels"]:
    if k["device"] != "gpu" or not k.get("points") or k["id"] not in fingerprints:
        continue
    bucket = int(math.floor(math.log2(k["points"])))
    lines += ["  - fingerprint: %s" % fingerprints[k["id"]], "    label: k%d" % k["id"],
              "    schedule: {workgroup_size: %s, groups_per_unit: %s, flat_groups_per_unit: %s, form: %s, "
              "source: tuned, bucket: %d, device: %s}" % (wg, groups, flat, form, bucket, key),
              "    tuned_ms: 1", "    model_ms: 2"]
open(out, "w").write("\n".join(lines) + "\n")
