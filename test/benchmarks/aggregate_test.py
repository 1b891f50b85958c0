#!/usr/bin/env python3
"""Tests of the benchmark aggregator and the results schema (not timings):
the AUC, the geometric mean and the rankings on hand-made results files with
known answers; the schema's checks on broken files; and, with --bin, the
schema on a results file that benchmarks/run_suite.py produces with a tiny
sweep on the CPU.

  aggregate_test.py [--bin build/bin]
"""
import argparse, copy, json, math, os, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "benchmarks"))
import aggregate  # noqa: E402
import results_schema  # noqa: E402

failures = []


def expect(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL " + what)


def close(a, b, rel=1e-9):
    return a is not None and b is not None and abs(a - b) <= rel * max(abs(a), abs(b))


def record(case, size, system, warm, status="ok"):
    return {"case": case, "size": size, "params": {"x": size}, "system": system, "status": status, "error": None,
            "metric": {"name": "M", "value": 1.0, "reference": 1.0, "tolerance": 0.1, "ok": True},
            "process_seconds": {"median": warm * 10, "min": warm * 9, "count": 3},
            "warm_seconds": {"median": warm, "min": warm * 0.9, "count": 5},
            "compile_seconds": None, "gpu_kernel_seconds": None, "launches": None, "transfer_bytes": None,
            "peak_host_bytes": None, "peak_device_bytes": None, "cache_hits": None, "cache_misses": None,
            "kernels": None, "decisions": None}


def document(records):
    return {"schema": "runmat-results", "version": 1, "command": "hand-made", "date": "2026-12-08T00:00:00Z",
            "machine": {"cpu": "test", "cores": 2}, "calibration": None, "versions": {}, "suite": "test",
            "records": records}


def test_known_answers(tmp):
    # Case a: sizes 10 and 1000; NumPy 1 s at both; fast 0.5 and 0.25 s
    # (speedups 2 and 4); slow 2 s at both (0.5). Case b: one size, fast 4x.
    recs = [record("a", 10, "numpy", 1.0), record("a", 1000, "numpy", 1.0),
            record("a", 10, "fast", 0.5), record("a", 1000, "fast", 0.25),
            record("a", 10, "slow", 2.0), record("a", 1000, "slow", 2.0),
            record("b", 100, "numpy", 1.0), record("b", 100, "fast", 0.25), record("b", 100, "slow", 4.0, "failed")]
    path = os.path.join(tmp, "known.json")
    json.dump(document(recs), open(path, "w"))
    out = os.path.join(tmp, "agg")
    aggregate.main([path, "--out", out, "--no-plots"])
    s = json.load(open(os.path.join(out, "summary.json")))
    # The mean of log 2 and log 4 over the log range: the speedup sqrt(8).
    expect(close(s["cases"]["a"]["auc"]["fast"], math.sqrt(8)), "AUC of speedups 2 and 4 is sqrt(8)")
    expect(close(s["cases"]["a"]["auc"]["slow"], 0.5), "AUC of a constant 0.5 is 0.5")
    expect(close(s["cases"]["b"]["auc"]["fast"], 4.0), "one point: its speedup")
    expect("slow" not in s["cases"]["b"]["auc"], "a failed record gives no point")
    expect(close(s["suite_geomean"]["fast"], math.sqrt(math.sqrt(8) * 4)), "suite geometric mean over the cases")
    expect(s["cases"]["a"]["ranks"]["10"] == ["fast", "numpy", "slow"], "ranking at size 10")
    md = open(os.path.join(out, "summary.md")).read()
    expect("- fast at size" not in md, "only runmatc systems get rank sentences")
    # Whole-process times give the same speedups here (times scaled by 10).
    aggregate.main([path, "--out", out, "--no-plots", "--time", "process"])
    s2 = json.load(open(os.path.join(out, "summary.json")))
    expect(close(s2["cases"]["a"]["auc"]["fast"], math.sqrt(8)), "process time AUC")
    # An AUC over uneven steps weights each interval by its log width.
    expect(close(aggregate.auc_speedup([(1, 1), (10, 10), (1000, 10)]), math.exp(math.log(10) * (0.5 / 3 + 2 / 3))),
           "AUC over uneven log steps")
    # Deterministic: the same input gives the same summary bytes.
    first = open(os.path.join(out, "summary.md")).read()
    aggregate.main([path, "--out", out, "--no-plots", "--time", "process"])
    expect(first == open(os.path.join(out, "summary.md")).read(), "the summary is deterministic")


def test_runmatc_ranks(tmp):
    recs = [record("c", 10, "numpy", 1.0), record("c", 10, "runmatc-auto", 2.0), record("c", 10, "jax", 0.5)]
    path = os.path.join(tmp, "ranks.json")
    json.dump(document(recs), open(path, "w"))
    out = os.path.join(tmp, "agg2")
    aggregate.main([path, "--out", out, "--no-plots"])
    md = open(os.path.join(out, "summary.md")).read()
    expect("- runmatc-auto at size 10: rank 3 of 3, behind jax, numpy" in md, "runmatc's rank sentence")


def test_later_file_wins(tmp):
    first = [record("d", 10, "numpy", 1.0), record("d", 10, "fast", 0.5)]
    second = [record("d", 10, "fast", 0.25), record("d", 10, "numpy", 1.0, "parity")]
    paths = [os.path.join(tmp, "first.json"), os.path.join(tmp, "second.json")]
    json.dump(document(first), open(paths[0], "w"))
    json.dump(document(second), open(paths[1], "w"))
    out = os.path.join(tmp, "agg4")
    aggregate.main(paths + ["--out", out, "--no-plots"])
    s = json.load(open(os.path.join(out, "summary.json")))
    expect(s["cases"]["d"]["ranks"]["10"] == ["fast"], "the later file's records replace the earlier's")


def test_schema_problems():
    good = document([record("a", 10, "numpy", 1.0)])
    expect(results_schema.validate(good) == [], "a valid document has no problems")
    bad = copy.deepcopy(good)
    bad["version"] = 2
    expect(any("version" in p for p in results_schema.validate(bad)), "a wrong version is caught")
    bad = copy.deepcopy(good)
    del bad["records"][0]["warm_seconds"]
    expect(any("warm_seconds" in p for p in results_schema.validate(bad)), "a missing field is caught")
    bad = copy.deepcopy(good)
    bad["records"][0]["status"] = "great"
    expect(any("status" in p for p in results_schema.validate(bad)), "an unknown status is caught")
    bad = copy.deepcopy(good)
    bad["records"][0]["warm_seconds"]["min"] = 5.0
    expect(any("min is above" in p for p in results_schema.validate(bad)), "min above median is caught")
    bad = copy.deepcopy(good)
    bad["records"][0]["launches"] = "many"
    expect(any("launches" in p for p in results_schema.validate(bad)), "a wrong type is caught")


def test_run_suite(tmp, bindir):
    out = os.path.join(tmp, "tiny.json")
    r = subprocess.run([sys.executable, os.path.join(ROOT, "benchmarks", "run_suite.py"), "--bin", bindir,
                        "--cases", "nlms,monte_carlo", "--points", "0", "--repeat", "1", "--warm", "2",
                        "--systems", "runmatc-cpu,numpy", "--out", out], capture_output=True, text=True)
    expect(r.returncode == 0, "run_suite.py ran (%s)" % r.stderr[-300:])
    if r.returncode != 0:
        return
    doc = json.load(open(out))
    expect(results_schema.validate(doc) == [], "run_suite's output passes the schema")
    runmatc = [x for x in doc["records"] if x["system"] == "runmatc-cpu"]
    expect(len(runmatc) == 2 and all(x["status"] == "ok" for x in runmatc), "runmatc records are ok")
    expect(all(x["warm_seconds"]["count"] == 2 for x in runmatc), "two warm runs each")
    expect(all(isinstance(x["launches"], int) and x["launches"] >= 1 for x in runmatc), "launches from telemetry")
    expect(all(x["compile_seconds"] and x["compile_seconds"] > 0 for x in runmatc), "compile time recorded")
    expect(all(isinstance(x["peak_host_bytes"], int) and x["peak_host_bytes"] > 0 for x in runmatc),
           "peak host memory from telemetry")
    expect(all(x["cache_misses"] == 0 for x in runmatc), "no GPU pipelines on the CPU")
    out2 = os.path.join(tmp, "agg3")
    aggregate.main([out, "--out", out2])
    expect(os.path.exists(os.path.join(out2, "summary.png")) and os.path.exists(os.path.join(out2, "nlms.png")),
           "plots written")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        test_known_answers(tmp)
        test_runmatc_ranks(tmp)
        test_later_file_wins(tmp)
        test_schema_problems()
        if args.bin:
            test_run_suite(tmp, os.path.abspath(args.bin))
    print("%d failures" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
