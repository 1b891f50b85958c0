#!/usr/bin/env python3
"""A plot of an auto sweep (auto_sweep.py --json): per case, the warm run
and the whole process under cpu, gpu and auto (log scale), misses marked.

  plot_auto.py SWEEP.json OUT.png
"""
import json, sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt


def main():
    rows = json.load(open(sys.argv[1]))["rows"]
    labels = ["%s\n%s" % (r["program"], ",".join("%s=%s" % kv for kv in r["params"].items()) or "default")
              for r in rows]
    fig, axes = plt.subplots(2, 1, figsize=(max(10, 0.9 * len(rows)), 9), sharex=True)
    for ax, key, title, ok in ((axes[0], "warm_seconds", "warm run (median of a session's runs 2..N)", "warm_ok"),
                               (axes[1], "process_seconds", "whole process (Vulkan start-up included)",
                                "process_ok")):
        for i, (device, color) in enumerate((("cpu", "tab:blue"), ("gpu", "tab:green"), ("auto", "tab:red"))):
            xs = [j + (i - 1) * 0.27 for j in range(len(rows))]
            ax.bar(xs, [(r[device].get(key) or 0) * 1e3 for r in rows], 0.27, color=color, label=device)
        for j, r in enumerate(rows):
            if r.get(ok) is False:
                ax.annotate("miss", (j + 0.27, (r["auto"].get(key) or 0) * 1e3), ha="center", va="bottom",
                            fontsize=7, color="tab:red")
        ax.set_yscale("log")
        ax.set_ylabel("ms")
        ax.set_title(title)
        ax.legend(loc="upper left")
    axes[1].set_xticks(range(len(rows)))
    axes[1].set_xticklabels(labels, rotation=60, ha="right", fontsize=7)
    fig.suptitle("--device auto against cpu and gpu: " + sys.argv[1].split("/")[-1])
    fig.tight_layout()
    fig.savefig(sys.argv[2], dpi=110)


if __name__ == "__main__":
    main()
