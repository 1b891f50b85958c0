#!/usr/bin/env python3
"""Runs the benchmark suite (benchmarks/suite.yaml): every case at every size
of its sweep, on every system this machine has, the systems interleaved so
that ratios compare like with like, and writes one results file
(docs/results-schema.md) for benchmarks/aggregate.py.

Systems: runmatc with --device cpu, auto and gpu (whole process, and warm:
repeated runs in one session), NumPy and Numba (whole process, and main()
called again in one process; Numba's time loops are prange loops, its JIT
cache kept in a folder of this run, the compiling run timed apart as its
compile time) and GNU Octave (whole process, and the script run again in
one session); on the GPU machine PyTorch eager, torch.compile (default and
reduce-overhead) and JAX jit (benchmarks/peers; each process gives the
whole-process time, the warm median and minimum of 10 calls and the compile
time), with the artifacts compiled here (--artifacts, scripts/gpu_bundle.sh). Each result is checked against NumPy's value at the same size
within the case's tolerance. A system that fails at a point is recorded as a
failure and the sweep goes on. Not a test: speed is measured here.

  benchmarks/run_suite.py [--quick] [--cases pca,nlms] [--systems runmatc-cpu,numpy]
                          [--points 0,1] [--repeat 3] [--warm 5] [--bin build/bin] [--artifacts DIR] [--out FILE]
"""
import argparse, datetime, json, os, platform, re, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import results_schema  # noqa: E402

# The GPU machine's peers (benchmarks/peers, timed by gpu_timing.py: one
# process gives its whole-process time, its warm median and minimum of 10
# calls and its compile time).
GPU_PEERS = {"torch_eager": ("torch", []), "torch_compile": ("torch_compile", ["mode=default"]),
             "torch_compile_ro": ("torch_compile", ["mode=reduce-overhead"]), "jax": ("jax", [])}
SYSTEMS = ["runmatc-cpu", "runmatc-auto", "runmatc-gpu", "numpy", "numba", "octave"] + list(GPU_PEERS)
PYTHON = sys.executable


def result_values(stdout):
    line = next((l for l in stdout.splitlines() if l.startswith("RESULT_ok")), None)
    if line is None:
        return None
    return {k: float(v) for k, v in re.findall(r"(\w+)=([-+0-9.eEnaNinf]+)", line)}


def run(cmd, cwd, timeout):
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, timeout=timeout)
    return time.perf_counter() - t0, r


def size_of(case, params):
    return float(eval(case["size"], {"__builtins__": {}}, dict(params)))


class Runner:
    def __init__(self, args, tmp):
        self.args, self.tmp = args, tmp
        bindir = os.path.abspath(args.bin)
        self.runmatc, self.runmat_run = os.path.join(bindir, "runmatc"), os.path.join(bindir, "runmat-run")
        self.artifacts, self.compile_seconds = {}, {}

    def artifact(self, case):
        name = case["name"]
        if self.args.artifacts:
            return os.path.join(os.path.abspath(self.args.artifacts), name + ".rmx")
        if name not in self.artifacts:
            path = os.path.join(self.tmp, name + ".rmx")
            t0 = time.perf_counter()
            subprocess.run([self.runmatc, "compile", os.path.join(ROOT, case["program"]), "-o", path],
                           check=True, capture_output=True)
            self.compile_seconds[name] = time.perf_counter() - t0
            self.artifacts[name] = path
        return self.artifacts[name]

    def octave_source(self, case):
        # Octave 7 spells qr(X, 'econ') as qr(X, 0).
        path = os.path.join(self.tmp, case["name"] + "_octave.m")
        if not os.path.exists(path):
            with open(os.path.join(ROOT, case["program"])) as f:
                open(path, "w").write(f.read().replace("'econ'", "0"))
        return path

    def process_command(self, system, case, params):
        if system.startswith("runmatc-"):
            return [self.runmat_run, self.artifact(case), "--device", system.split("-", 1)[1]] + \
                sum((["-p", "%s=%s" % kv] for kv in params.items()), [])
        if system in ("numpy", "numba"):
            return [PYTHON, os.path.join(HERE, "peers", system, case["name"] + ".py")] + \
                ["%s=%s" % kv for kv in params.items()]
        if system == "octave":
            setup = "".join("%s=%s; " % kv for kv in params.items())
            return ["octave-cli", "-q", "--no-window-system", "--norc", "--eval",
                    setup + "run('%s')" % self.octave_source(case)]
        if system in GPU_PEERS:
            folder, extra = GPU_PEERS[system]
            return [PYTHON, os.path.join(HERE, "peers", folder, case["name"] + ".py")] + \
                ["%s=%s" % kv for kv in params.items()] + extra
        raise ValueError(system)

    def warm(self, system, case, params, repeat):
        """Warm samples (seconds), the result values and telemetry of one session."""
        timeout = self.args.timeout
        if system.startswith("runmatc-"):
            tele = os.path.join(self.tmp, "telemetry.json")
            cmd = self.process_command(system, case, params) + ["--repeat", str(repeat + 1), "--telemetry", tele]
            _, r = run(cmd, self.tmp, timeout)
            if r.returncode != 0:
                raise RuntimeError(r.stderr.strip()[-300:])
            t = json.load(open(tele))
            # Run 1 is the first (cold) run; the last is an extra run with
            # timing on (its kernel times are the telemetry's), not a sample.
            runs = t["runs"][1:repeat + 1]
            return [x["wall_seconds"] for x in runs], result_values(r.stdout), t
        if system in ("numpy", "numba"):
            module = case["name"] if system == "numpy" else system + "/" + case["name"]
            cmd = [PYTHON, os.path.join(HERE, "peers", "numpy", "warm.py"), module, "repeat=%d" % repeat] + \
                ["%s=%s" % kv for kv in params.items()]
            _, r = run(cmd, self.tmp, timeout)
            if r.returncode != 0:
                raise RuntimeError(r.stderr.strip()[-300:])
            samples = [float(x) / 1e3 for x in re.findall(r"SAMPLE_ms=([0-9.eE+-]+)", r.stdout)]
            if not samples:
                samples = [float(re.search(r"TIME_ms=([0-9.eE+-]+)", r.stdout).group(1)) / 1e3]
            return samples, result_values(r.stdout), None
        if system == "octave":
            setup = "".join("%s=%s; " % kv for kv in params.items())
            loop = ("for bench_r__ = 1:%d, bench_t0__ = tic; run('%s'); bench_w__(bench_r__) = toc(bench_t0__); end; "
                    "printf('SAMPLES_s'); printf(' %%.6f', bench_w__(2:end)); printf('\\n');" % (
                        repeat + 1, self.octave_source(case)))
            _, r = run(["octave-cli", "-q", "--no-window-system", "--norc", "--eval", setup + loop], self.tmp, timeout)
            if r.returncode != 0:
                raise RuntimeError(r.stderr.strip()[-300:])
            line = next(l for l in r.stdout.splitlines() if l.startswith("SAMPLES_s"))
            return [float(x) for x in line.split()[1:]], result_values(r.stdout), None
        raise ValueError(system)


def compile_time(runner, system, case, process):
    """runmatc's compile; Numba's caching run less a run from its cache."""
    if system.startswith("runmatc"):
        return runner.compile_seconds.get(case)
    if system == "numba" and case in runner.compile_seconds.get("numba", {}) and process:
        return max(0.0, runner.compile_seconds["numba"][case] - min(process))
    return None


def telemetry_fields(t):
    """The results record's fields that runmat-run's telemetry gives."""
    if t is None:
        return {}
    runs = t.get("runs", [])[1:] or t.get("runs", [])
    def med(key):
        vals = sorted(r.get(key, 0) for r in runs)
        return vals[len(vals) // 2] if vals else None
    gpu = t.get("gpu", {})
    kernels = [{"name": k["name"], "kind": k["kind"], "device": k["device"], "launches": k["launches"],
                "seconds": k["seconds"], "gpu_seconds": k["gpu_seconds"], "schedules": k.get("schedules", [])}
               for k in t.get("kernels", [])]
    decisions = [{"kernel": k["name"], "device": k["device"], "code": k.get("decision", {}).get("code"),
                  "reason": k.get("reason")} for k in t.get("kernels", [])]
    return {"launches": t.get("launches"), "transfer_bytes": (med("upload_bytes") or 0) + (med("download_bytes") or 0),
            "gpu_kernel_seconds": gpu.get("kernel_seconds"), "peak_host_bytes": t.get("peak_host_bytes"),
            "peak_device_bytes": gpu.get("peak_device_bytes"), "cache_hits": gpu.get("pipeline_cache_hits"),
            "cache_misses": gpu.get("pipeline_cache_misses"), "kernels": kernels, "decisions": decisions}


def machine():
    cpu = platform.processor()
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = None
    try:
        mem = int(next(l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal"))) * 1024
    except (OSError, StopIteration):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_bytes": mem, "platform": platform.platform()}


def versions(runner, systems):
    v = {}
    try:
        v["runmatc"] = subprocess.run([runner.runmatc, "--version"], capture_output=True, text=True).stdout.strip()
        v["git"] = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                                  text=True).stdout.strip()
        gpu = subprocess.run([runner.runmat_run, "accel-info"], capture_output=True, text=True).stdout
        v["gpu"] = next((l.strip() for l in gpu.splitlines() if l.startswith("GPU:")), "none")
    except OSError:
        pass
    if "numpy" in systems:
        v["numpy"] = subprocess.run([PYTHON, "-c", "import numpy; print(numpy.__version__)"], capture_output=True,
                                    text=True).stdout.strip()
    if "octave" in systems:
        out = subprocess.run(["octave-cli", "--version"], capture_output=True, text=True).stdout
        v["octave"] = out.splitlines()[0] if out else "unknown"
    return v


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--suite", default=os.path.join(HERE, "suite.yaml"))
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"))
    ap.add_argument("--artifacts", default="", help="compiled artifacts (<case>.rmx) to run instead of compiling")
    ap.add_argument("--quick", action="store_true", help="the first two sizes of each case, one repeat")
    ap.add_argument("--cases", default="")
    ap.add_argument("--systems", default="runmatc-cpu,runmatc-auto,numpy,numba,octave",
                    help="of %s" % ", ".join(SYSTEMS))
    ap.add_argument("--points", default="", help="indexes of the sweep points to run (default: all)")
    ap.add_argument("--repeat", type=int, default=3, help="whole-process runs per system and point")
    ap.add_argument("--warm", type=int, default=5, help="warm runs per session (after a first one)")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--out", default="")
    args = ap.parse_args(argv)
    if args.quick:
        args.repeat, args.warm = 1, 3
        args.points = args.points or "0,1"
    if args.suite.endswith(".json"):  # the bundle's copy (the GPU machine may lack PyYAML)
        suite = json.load(open(args.suite))
    else:
        import yaml
        suite = yaml.safe_load(open(args.suite))
    cases = [c for c in suite["cases"] if not args.cases or c["name"] in args.cases.split(",")]
    systems = [s for s in args.systems.split(",") if s]
    for s in systems:
        if s not in SYSTEMS:
            ap.error("unknown system '%s' (this harness runs %s)" % (s, ", ".join(SYSTEMS)))
    picks = [int(p) for p in args.points.split(",")] if args.points else None
    records = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["NUMBA_CACHE_DIR"] = os.path.join(tmp, "numba-cache")
        runner = Runner(args, tmp)
        total = sum(len([i for i in range(len(c["sweep"])) if picks is None or i in picks]) for c in cases)
        done = 0
        for case in cases:
            # runmatc runs every case; a peer only the cases that name it.
            case_systems = [s for s in systems if s.startswith("runmatc") or s in case.get("peers", [])]
            for i, point in enumerate(case["sweep"]):
                if picks is not None and i not in picks:
                    continue
                done += 1
                params, size = point["params"], size_of(case, point["params"])
                print("[%d/%d] %s size %.4g %s" % (done, total, case["name"], size, params), flush=True)
                process = {s: [] for s in case_systems}
                values, errors, tele, jit, peer_warm = {}, {}, {}, {}, {}
                if "numba" in case_systems and case["name"] not in runner.compile_seconds.get("numba", {}):
                    # The run that fills Numba's cache: its compile time.
                    try:
                        t, r = run(runner.process_command("numba", case, params), tmp, args.timeout)
                        if r.returncode != 0:
                            raise RuntimeError(r.stderr.strip()[-300:])
                        runner.compile_seconds.setdefault("numba", {})[case["name"]] = t
                    except (RuntimeError, OSError, subprocess.SubprocessError) as e:
                        errors["numba"] = str(e) or type(e).__name__
                for _ in range(args.repeat):  # interleaved: each round runs every system once
                    for s in case_systems:
                        if s in errors:
                            continue
                        try:
                            t, r = run(runner.process_command(s, case, params), tmp, args.timeout)
                            v = result_values(r.stdout)
                            if r.returncode != 0 or v is None:
                                raise RuntimeError((r.stderr or r.stdout).strip()[-300:])
                            process[s].append(t)
                            values[s] = v
                            if s in GPU_PEERS:  # its own warm calls and compile time
                                grab = lambda key: float(re.search(key + r"=([0-9.eE+-]+)", r.stdout).group(1))
                                peer_warm[s] = {"median": grab("TIME_ms") / 1e3, "min": grab("MIN_ms") / 1e3,
                                                "count": 10}
                                jit[s] = grab("COMPILE_s")
                        except (RuntimeError, OSError, subprocess.SubprocessError, subprocess.CalledProcessError) as e:
                            errors[s] = str(e) or type(e).__name__
                warm = {}
                for s in case_systems:
                    if s in errors or s in GPU_PEERS:
                        continue
                    try:
                        samples, v, t = runner.warm(s, case, params, args.warm)
                        warm[s], tele[s] = samples, t
                        values.setdefault(s, v)
                    except (RuntimeError, OSError, subprocess.SubprocessError, StopIteration, AttributeError) as e:
                        errors[s] = "warm: " + (str(e) or type(e).__name__)
                reference = values.get("numpy", {}).get(case["metric"]) if "numpy" in values else None
                for s in case_systems:
                    value = values.get(s, {}).get(case["metric"]) if s in values else None
                    ok = value is not None and (reference is None or
                                                abs(value - reference) <= point["tolerance"] * abs(reference))
                    status = "failed" if s in errors else ("ok" if ok else "parity")
                    rec = {"case": case["name"], "size": size, "params": params, "system": s, "status": status,
                           "error": errors.get(s),
                           "metric": {"name": case["metric"], "value": value, "reference": reference,
                                      "tolerance": point["tolerance"], "ok": ok} if s not in errors else None,
                           "process_seconds": results_schema.timing(process[s]),
                           "warm_seconds": peer_warm.get(s) or results_schema.timing(warm.get(s, [])),
                           "compile_seconds": jit.get(s, compile_time(runner, s, case["name"], process[s])),
                           "gpu_kernel_seconds": None, "launches": None, "transfer_bytes": None,
                           "peak_host_bytes": None, "peak_device_bytes": None, "cache_hits": None,
                           "cache_misses": None, "kernels": None, "decisions": None}
                    rec.update(telemetry_fields(tele.get(s)))
                    records.append(rec)
                    t = rec["warm_seconds"] or rec["process_seconds"]
                    print("    %-13s %-7s %s%s" % (s, status, "%.4f s" % t["median"] if t else "-",
                                                  ("  " + errors[s][:120]) if s in errors else
                                                  "  %s=%s" % (case["metric"], value)), flush=True)
        doc = {"schema": results_schema.SCHEMA, "version": results_schema.VERSION,
               "command": " ".join(["benchmarks/run_suite.py"] + (argv if argv is not None else sys.argv[1:])),
               "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
               "machine": machine(), "calibration": os.environ.get("RUNMAT_CALIBRATION"),
               "versions": versions(runner, systems), "suite": os.path.relpath(args.suite, ROOT),
               "records": records}
    results_schema.check(doc)
    out = args.out or os.path.join(HERE, "results", "suite-%s-%s.json" % (
        "quick" if args.quick else "full", datetime.datetime.now().strftime("%Y-%m-%d-%H%M")))
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w") as f:
        json.dump(doc, f, indent=1)
    print("wrote %s (%d records)" % (out, len(records)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
