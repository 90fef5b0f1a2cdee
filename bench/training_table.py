#!/usr/bin/python3
"""Markdown table and target verdicts from the JSON lines of bench/training.sh's log.

Per cell (preset, batch x length): the median tokens/s of each engine over the rounds, the
median of the per-round djl/PyTorch ratios with its range, and GFLOP/s against the fp32 matmul
roof each engine measured in its own run (their BLAS libraries differ: MKL in djl's libtorch,
OpenBLAS in Debian's torch).

usage: python3 bench/training_table.py LOG   (stdlib only)
"""
import json
import statistics
import sys

TARGET = 1.2  # djl over PyTorch eager, issue 15 item 2


def parse(log):
    """{(preset, rows, length): {engine: [run, ...]}} in log order."""
    cells = {}
    with open(log) as f:
        for line in f:
            if not line.startswith("{"):
                continue
            run = json.loads(line)
            key = (run["preset"], run["rows"], run["length"])
            cells.setdefault(key, {}).setdefault(run["engine"], []).append(run)
    return cells


def main():
    cells = parse(sys.argv[1])
    order = {"tiny": 0, "small": 1, "medium": 2, "large": 3}
    print("| preset | batch | djl tokens/s | PyTorch tokens/s | ratio (median, range) | djl GFLOP/s (of its roof) "
          "| PyTorch GFLOP/s (of its roof) | roofs GFLOP/s (djl, PyTorch) | target |")
    print("|---|---|---|---|---|---|---|---|---|")
    misses = 0
    for key in sorted(cells, key=lambda k: (order.get(k[0], 9), k[1], k[2])):
        preset, rows, length = key
        djl, torch = cells[key].get("djl", []), cells[key].get("pytorch", [])
        pairs = list(zip(djl, torch))
        ratios = [d["tokens_per_s"] / t["tokens_per_s"] for d, t in pairs]
        def roof(runs):
            return statistics.median(r["roof_gflops"] for r in runs) if runs else 0

        def rate(runs):
            return f"{statistics.median(r['tokens_per_s'] for r in runs):,.0f}" if runs else "n/a"

        def gflops(runs):
            if not runs:
                return "n/a"
            g = statistics.median(r["gflops"] for r in runs)
            return f"{g:.0f} ({g / roof(runs):.0%})"

        if ratios:
            median = statistics.median(ratios)
            ratio = f"{median:.2f}x ({min(ratios):.2f}-{max(ratios):.2f}, {len(ratios)} rounds)"
            verdict = "PASS" if median >= TARGET else "MISS"
            misses += verdict == "MISS"
        else:
            ratio, verdict = "n/a", "n/a"
        print(f"| {preset} | {rows}x{length} | {rate(djl)} | {rate(torch)} | {ratio} | {gflops(djl)} "
              f"| {gflops(torch)} | {roof(djl):.0f}, {roof(torch):.0f} | {verdict} |")
    print()
    print(f"target: djl >= {TARGET}x PyTorch eager in every cell: " + ("met" if misses == 0 else f"{misses} miss(es)"))


if __name__ == "__main__":
    main()
