"""The results schema of the benchmark suite (docs/results-schema.md): one
JSON file per run of benchmarks/run_suite.py, read by benchmarks/aggregate.py.
`validate(doc)` returns the list of problems (empty: valid); `check(doc)`
raises ValueError with them."""

SCHEMA = "runmat-results"
VERSION = 1

# Per record: key -> (types allowed, required). None is allowed where the
# system cannot measure the field (a peer has no launches).
_NUM = (int, float)
_OPT_NUM = (int, float, type(None))
RECORD_FIELDS = {
    "case": ((str,), True),
    "size": (_NUM, True),
    "params": ((dict,), True),
    "system": ((str,), True),
    "status": ((str,), True),            # ok | failed | parity
    "error": ((str, type(None)), False),
    "metric": ((dict, type(None)), True),
    "process_seconds": ((dict, type(None)), True),
    "warm_seconds": ((dict, type(None)), True),
    "compile_seconds": (_OPT_NUM, True),
    "gpu_kernel_seconds": (_OPT_NUM, True),
    "launches": (_OPT_NUM, True),
    "transfer_bytes": (_OPT_NUM, True),
    "peak_host_bytes": (_OPT_NUM, True),
    "peak_device_bytes": (_OPT_NUM, True),
    "cache_hits": (_OPT_NUM, True),
    "cache_misses": (_OPT_NUM, True),
    "kernels": ((list, type(None)), True),
    "decisions": ((list, type(None)), True),
}
STATUSES = ("ok", "failed", "parity")
TIMING_FIELDS = {"median": _NUM, "min": _NUM, "count": (int,)}
METRIC_FIELDS = {"name": (str,), "value": _OPT_NUM, "reference": _OPT_NUM, "tolerance": _NUM, "ok": (bool,)}
TOP_FIELDS = {
    "schema": (str,), "version": (int,), "command": (str,), "date": (str,), "machine": (dict,),
    "calibration": (str, type(None)), "versions": (dict,), "suite": (str,), "records": (list,),
}


def validate(doc):
    problems = []
    if not isinstance(doc, dict):
        return ["the document is not an object"]
    for key, types in TOP_FIELDS.items():
        if key not in doc:
            problems.append("missing top-level key '%s'" % key)
        elif not isinstance(doc[key], types):
            problems.append("top-level '%s' has the wrong type" % key)
    if doc.get("schema") != SCHEMA:
        problems.append("schema is not '%s'" % SCHEMA)
    if doc.get("version") != VERSION:
        problems.append("version %r is not %d" % (doc.get("version"), VERSION))
    for key in ("cpu", "cores"):
        if key not in doc.get("machine", {}):
            problems.append("machine lacks '%s'" % key)
    for i, r in enumerate(doc.get("records", []) if isinstance(doc.get("records"), list) else []):
        where = "records[%d]" % i
        if not isinstance(r, dict):
            problems.append(where + " is not an object")
            continue
        for key in r:
            if key not in RECORD_FIELDS:
                problems.append("%s has an unknown key '%s'" % (where, key))
        for key, (types, required) in RECORD_FIELDS.items():
            if key not in r:
                if required:
                    problems.append("%s lacks '%s'" % (where, key))
                continue
            if not isinstance(r[key], types) or isinstance(r[key], bool) and bool not in types:
                problems.append("%s '%s' has the wrong type" % (where, key))
        if r.get("status") not in STATUSES:
            problems.append("%s status %r is not one of %s" % (where, r.get("status"), ", ".join(STATUSES)))
        if r.get("status") == "ok" and not (r.get("process_seconds") or r.get("warm_seconds")):
            problems.append(where + " is ok but has no timing")
        for key in ("process_seconds", "warm_seconds"):
            t = r.get(key)
            if isinstance(t, dict):
                for f, types in TIMING_FIELDS.items():
                    if not isinstance(t.get(f), types):
                        problems.append("%s %s.%s is missing or has the wrong type" % (where, key, f))
                if isinstance(t.get("min"), _NUM) and isinstance(t.get("median"), _NUM) and t["min"] > t["median"]:
                    problems.append("%s %s: min is above the median" % (where, key))
        m = r.get("metric")
        if isinstance(m, dict):
            for f, types in METRIC_FIELDS.items():
                if f not in m or not isinstance(m[f], types):
                    problems.append("%s metric.%s is missing or has the wrong type" % (where, f))
    return problems


def check(doc):
    problems = validate(doc)
    if problems:
        raise ValueError("not a valid results file:\n  " + "\n  ".join(problems))
    return doc


def timing(samples):
    """The timing object of a list of seconds (None when empty)."""
    if not samples:
        return None
    s = sorted(samples)
    n = len(s)
    median = s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
    return {"median": median, "min": s[0], "count": n}
