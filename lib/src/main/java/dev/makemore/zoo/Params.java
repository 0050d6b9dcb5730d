package dev.makemore.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Small helpers of the zoo's layers: trainable arrays and the causal mask. */
final class Params {

    private Params() {}

    /** Marks {@code array} as trainable ({@code requires_grad=True}) and returns it. */
    static NDArray trainable(NDArray array) {
        array.setRequiresGradient(true);
        return array;
    }

    /**
     * The causal mask as an addend, {@code [t, t]} in {@code like}'s type: 0 where a position may look
     * ({@code column <= row}, the lower triangle of {@code tril(ones(t, t))}) and {@code -inf} above it.
     * Adding it is {@code masked_fill(tril == 0, -inf)}: {@code x + 0 = x} exactly, {@code x + -inf = -inf},
     * and softmax turns {@code -inf} into a weight of exactly 0. It carries no gradient.
     */
    static NDArray causalMask(long t, NDArray like) {
        NDManager manager = like.getManager();
        int n = (int) t;
        double[] mask = new double[n * n];
        for (int row = 0; row < n; row++) {
            for (int col = row + 1; col < n; col++) {
                mask[row * n + col] = Double.NEGATIVE_INFINITY;
            }
        }
        NDArray m = manager.create(mask, new Shape(t, t));
        return like.getDataType() == DataType.FLOAT64 ? m : m.toType(like.getDataType(), false);
    }
}
