#!/usr/bin/python3
"""Markdown table and target verdicts from the RESULT lines of bench/generation.sh's log.

usage: python3 bench/generation_table.py LOG   (stdlib only: runs whether or not torch is there)
"""
import re
import sys

ENGINES = ("djl", "onnxruntime", "pytorch")
PRESETS = ("tiny", "small", "medium")
# (preset, engine compared against, least ORT/engine ratio) at batch 32, as issue 11 item 6 asks.
TARGETS = (("tiny", "pytorch", 3.0), ("small", "pytorch", 1.5), ("tiny", "djl", 5.0))


def parse(log):
    """{(preset, batch, new): {engine: fields}} from lines 'RESULT key=value ...'."""
    cells = {}
    with open(log) as f:
        for line in f:
            if not line.startswith("RESULT "):
                continue
            fields = dict(kv.split("=", 1) for kv in line.split()[1:])
            key = (fields["preset"], int(fields["batch"]), int(fields["new"]))
            cells.setdefault(key, {})[fields["engine"]] = fields
    return cells


def rate(cell, engine):
    return float(cell[engine]["tokens_per_s"]) if engine in cell else None


def ratio(cell, engine):
    ort, other = rate(cell, "onnxruntime"), rate(cell, engine)
    return ort / other if ort and other else None


UNSTEADY = 1.25  # repetitions further apart than this (fastest / slowest) get a mark


def fmt_rate(cell, engine):
    value = rate(cell, engine)
    if value is None:
        return "n/a"
    unsteady = float(cell[engine].get("spread", 1)) > UNSTEADY
    return f"{value:,.0f}" + ("*" if unsteady else "")


def fmt_ratio(value):
    return f"{value:.2f}x" if value is not None else "n/a"


def main():
    cells = parse(sys.argv[1])
    order = sorted(cells, key=lambda k: (PRESETS.index(k[0]) if k[0] in PRESETS else 99, k[1], k[2]))
    print("| preset | batch | new tokens | djl tok/s | onnxruntime tok/s | pytorch tok/s | ORT/PyTorch | ORT/djl |")
    print("|---|---|---|---|---|---|---|---|")
    for key in order:
        cell = cells[key]
        steps = next(iter(cell.values()))["steps"]
        new = f"{key[2]}" if int(steps) == key[2] else f"{key[2]} (cut to {steps} by the context)"
        print(f"| {key[0]} | {key[1]} | {new} | " + " | ".join(fmt_rate(cell, e) for e in ENGINES)
              + f" | {fmt_ratio(ratio(cell, 'pytorch'))} | {fmt_ratio(ratio(cell, 'djl'))} |")
    print()
    print(f"* its repetitions differ by more than {UNSTEADY:g}x (fastest / slowest): a noisy cell, read with care")
    print()
    for preset, engine, least in TARGETS:
        for key in order:
            if key[0] != preset or key[1] != 32:
                continue
            r = ratio(cells[key], engine)
            verdict = "n/a (not measured)" if r is None else ("PASS" if r >= least else "MISS")
            label = "PyTorch eager" if engine == "pytorch" else engine
            print(f"target: {preset}, batch 32, {key[2]} new tokens: ORT >= {least:g}x {label}: "
                  f"{fmt_ratio(r)} {verdict}")


if __name__ == "__main__":
    main()
