#!/usr/bin/env python3
"""Aggregates results files of benchmarks/run_suite.py (docs/results-schema.md)
into, per case: the speedup of each system against NumPy over the sweep, the
AUC of log speedup over log size normalised by the size range (the
geometric-mean speedup over the sweep, comparable across cases), the ranking
of the systems at every size; a summary table (Markdown) with the suite-wide
geometric mean; and PNG plots per case (time and speedup against size) and
one summary plot. Deterministic: the same inputs give the same outputs.

  benchmarks/aggregate.py RESULTS.json [MORE.json ...] --out DIR [--time warm|process] [--no-plots]

A later file's record of a case, size and system replaces an earlier one's.
"""
import argparse, json, math, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import results_schema  # noqa: E402

REFERENCE = "numpy"


def load(paths):
    records, docs = [], []
    for p in paths:
        doc = results_schema.check(json.load(open(p)))
        docs.append(doc)
        records.extend(doc["records"])
    return docs, records


def seconds(record, which):
    """The record's median time of kind `which` (warm falls back to process)."""
    if record.get("status") != "ok":
        return None
    t = record.get("warm_seconds") if which == "warm" else record.get("process_seconds")
    if t is None and which == "warm":
        t = record.get("process_seconds")
    return t["median"] if t else None


def table(records, which):
    """case -> size -> system -> seconds. Where files repeat a point of a
    system, the later file's record stands (a case run again replaces it),
    whatever its status; only ok records give times."""
    last = {}
    for r in records:
        last[(r["case"], float(r["size"]), r["system"])] = r
    out = {}
    for (case, size, system), r in sorted(last.items()):
        t = seconds(r, which)
        if t is None or t <= 0:
            continue
        out.setdefault(case, {}).setdefault(size, {})[system] = t
    return out


def auc_speedup(points):
    """Geometric-mean speedup over a sweep: the trapezoid integral of log
    speedup over log size divided by the log size range. points: [(size,
    speedup)]; one point gives its speedup."""
    pts = sorted((math.log(s), math.log(v)) for s, v in points if s > 0 and v > 0)
    if not pts:
        return None
    if len(pts) == 1 or pts[-1][0] == pts[0][0]:
        return math.exp(sum(y for _, y in pts) / len(pts))
    area = sum((x1 - x0) * (y0 + y1) / 2 for (x0, y0), (x1, y1) in zip(pts, pts[1:]))
    return math.exp(area / (pts[-1][0] - pts[0][0]))


def geometric_mean(values):
    values = [v for v in values if v is not None and v > 0]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


def summarise(tab):
    """Per case: speedups per system and size, AUC speedups, rankings; and the suite-wide geometric means."""
    cases = {}
    for case in sorted(tab):
        sizes = sorted(tab[case])
        systems = sorted({s for size in sizes for s in tab[case][size]})
        speedups = {}
        for s in systems:
            pts = [(size, tab[case][size][REFERENCE] / tab[case][size][s]) for size in sizes
                   if s in tab[case][size] and REFERENCE in tab[case][size]]
            speedups[s] = pts
        ranks = {}
        for size in sizes:
            order = sorted(tab[case][size].items(), key=lambda kv: (kv[1], kv[0]))
            ranks[size] = [name for name, _ in order]
        cases[case] = {"sizes": sizes, "systems": systems, "speedups": speedups,
                       "auc": {s: auc_speedup(speedups[s]) for s in systems}, "ranks": ranks}
    systems = sorted({s for c in cases.values() for s in c["systems"]})
    suite = {s: geometric_mean([cases[c]["auc"].get(s) for c in cases]) for s in systems}
    return {"cases": cases, "systems": systems, "suite_geomean": suite}


def fmt(v, spec="%.2fx"):
    return spec % v if v is not None else "-"


def markdown(summary, which, sources):
    lines = ["# Benchmark summary", "",
             "Speedup against NumPy of each system's %s time (median), over each case's sweep of sizes: "
             "the AUC of log speedup over log size divided by the log size range, which is the geometric-mean "
             "speedup over the sweep. Made by `benchmarks/aggregate.py` from %s." % (which, ", ".join(sources)), ""]
    systems = summary["systems"]
    lines.append("| case | " + " | ".join(systems) + " |")
    lines.append("| --- |" + " --- |" * len(systems))
    for case, c in summary["cases"].items():
        lines.append("| %s | " % case + " | ".join(fmt(c["auc"].get(s)) for s in systems) + " |")
    lines.append("| **geometric mean** | " + " | ".join(fmt(summary["suite_geomean"].get(s)) for s in systems) + " |")
    lines.append("")
    for case, c in summary["cases"].items():
        lines += ["## %s" % case, "", "Ranking at each size (1 = fastest; %s time):" % which, ""]
        lines.append("| size | " + " | ".join(c["systems"]) + " |")
        lines.append("| --- |" + " --- |" * len(c["systems"]))
        for size in c["sizes"]:
            order = c["ranks"][size]
            cells = [str(order.index(s) + 1) + "/" + str(len(order)) if s in order else "-" for s in c["systems"]]
            lines.append("| %.4g | " % size + " | ".join(cells) + " |")
        lines.append("")
        for s in c["systems"]:
            if not s.startswith("runmatc"):
                continue
            for size in c["sizes"]:
                order = c["ranks"][size]
                if s not in order:
                    continue
                behind = order[:order.index(s)]
                lines.append("- %s at size %.4g: rank %d of %d%s" % (
                    s, size, order.index(s) + 1, len(order),
                    (", behind " + ", ".join(behind)) if behind else ", the fastest"))
        lines.append("")
    return "\n".join(lines) + "\n"


def time_split(records, which):
    """case -> size -> (kernel seconds, other seconds) of runmatc's warm run
    under auto (else its first device present): kernels by the telemetry's
    timed run (GPU kernel time where it ran there), the rest host work,
    waits and transfers."""
    last = {}
    for r in records:
        if r["system"].startswith("runmatc") and r.get("status") == "ok":
            last[(r["case"], float(r["size"]), r["system"])] = r
    out = {}
    for (case, size, system), r in sorted(last.items()):
        t = seconds(r, which)
        kernels = r.get("kernels") or []
        if t is None or not kernels:
            continue
        k = sum((x.get("gpu_seconds") or 0) if x.get("device") == "gpu" else (x.get("seconds") or 0) for x in kernels)
        k = min(k, t)
        prefer = ["runmatc-auto", "runmatc-gpu", "runmatc-cpu"]
        current = out.setdefault(case, {}).get(size)
        if current is None or prefer.index(system) < prefer.index(current[2]):
            out[case][size] = (k, t - k, system)
    return out


def plots(summary, tab, which, out, split=None):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    plt.rcParams.update({"svg.hashsalt": "runmat", "figure.dpi": 100})
    meta = {"Software": None}
    written = []
    split = split or {}
    for case, c in summary["cases"].items():
        fig, (a, b, parts_ax) = plt.subplots(1, 3, figsize=(16, 4))
        for s in c["systems"]:
            pts = [(size, tab[case][size][s]) for size in c["sizes"] if s in tab[case][size]]
            a.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=s)
            sp = c["speedups"][s]
            b.plot([p[0] for p in sp], [p[1] for p in sp], marker="o", label=s)
        for ax, title in ((a, "%s time (s)" % which), (b, "speedup against NumPy")):
            ax.set_xscale("log")
            ax.set_yscale("log")
            ax.set_xlabel("size (elements x steps)")
            ax.set_title("%s: %s" % (case, title))
            ax.grid(True, which="both", alpha=0.3)
        b.axhline(1.0, color="gray", lw=0.8)
        a.legend(fontsize=7)
        parts = split.get(case, {})
        sizes = sorted(parts)
        labels = ["%.2g" % s for s in sizes]
        # Shares of the warm time (a stacked bar per size reads at every scale).
        kernel = [100 * parts[s][0] / max(1e-12, parts[s][0] + parts[s][1]) for s in sizes]
        other = [100 - k for k in kernel]
        parts_ax.bar(labels, kernel, label="kernels")
        parts_ax.bar(labels, other, bottom=kernel, label="host, waits and transfers")
        parts_ax.set_ylim(0, 100)
        parts_ax.set_xlabel("size")
        parts_ax.set_ylabel("% of the warm time")
        parts_ax.set_title("%s: runmatc's %s time split (%s)" % (
            case, which, ", ".join(sorted({parts[s][2] for s in sizes})) or "no telemetry"))
        parts_ax.legend(fontsize=7)
        fig.tight_layout()
        path = os.path.join(out, "%s.png" % case)
        fig.savefig(path, metadata=meta)
        plt.close(fig)
        written.append(path)
    fig, ax = plt.subplots(figsize=(10, 4))
    systems, cases = summary["systems"], list(summary["cases"])
    width = 0.8 / max(1, len(systems))
    for i, s in enumerate(systems):
        vals = [summary["cases"][c]["auc"].get(s) or 0 for c in cases]
        ax.bar([k + i * width for k in range(len(cases))], vals, width, label=s)
    ax.set_xticks([k + 0.4 - width / 2 for k in range(len(cases))])
    ax.set_xticklabels(cases)
    ax.set_yscale("log")
    ax.axhline(1.0, color="gray", lw=0.8)
    ax.set_ylabel("geometric-mean speedup against NumPy")
    ax.legend(fontsize=7)
    fig.tight_layout()
    path = os.path.join(out, "summary.png")
    fig.savefig(path, metadata=meta)
    plt.close(fig)
    written.append(path)
    return written


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("results", nargs="+")
    ap.add_argument("--out", required=True)
    ap.add_argument("--time", choices=["warm", "process"], default="warm")
    ap.add_argument("--no-plots", action="store_true")
    args = ap.parse_args(argv)
    _, records = load(args.results)
    tab = table(records, args.time)
    summary = summarise(tab)
    os.makedirs(args.out, exist_ok=True)
    sources = [os.path.basename(p) for p in args.results]
    with open(os.path.join(args.out, "summary.md"), "w") as f:
        f.write(markdown(summary, args.time, sources))
    doc = {"time": args.time, "sources": sources, "suite_geomean": summary["suite_geomean"],
           "cases": {c: {"auc": v["auc"], "ranks": {"%.6g" % k: r for k, r in v["ranks"].items()},
                         "speedups": {s: [[a, b] for a, b in p] for s, p in v["speedups"].items()}}
                     for c, v in summary["cases"].items()}}
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        json.dump(doc, f, indent=2, sort_keys=True)
    written = [] if args.no_plots else plots(summary, tab, args.time, args.out, time_split(records, args.time))
    print("wrote %s" % ", ".join([os.path.join(args.out, "summary.md"), os.path.join(args.out, "summary.json")] + written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
