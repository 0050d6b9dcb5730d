package dev.makemore.nn;

import ai.djl.ndarray.NDArray;
import dev.makemore.Numerics;
import java.util.List;

/**
 * The lectures' minimal module API: a layer is called on an array, lists its parameters and has a
 * training/eval switch (which only BatchNorm cares about).
 */
public interface Layer {

    /** {@code layer(x)} in the lecture. */
    NDArray forward(NDArray x);

    /**
     * {@code layer(x)} computed with the given arithmetic: {@link Numerics#FAST} lets a layer that has a fused form
     * (BatchNorm) use it. Layers without one compute {@link #forward(NDArray)}; containers pass it on.
     */
    default NDArray forward(NDArray x, Numerics numerics) {
        return forward(x);
    }

    /** The trainable arrays, in the lecture's order. Empty for layers without parameters. */
    default List<NDArray> parameters() {
        return List.of();
    }

    /** Non-trainable state that a checkpoint must save: BatchNorm's running statistics. */
    default List<NDArray> buffers() {
        return List.of();
    }

    /** {@code layer.training = training}: batch statistics in training, running statistics in eval. */
    default void train(boolean training) {}

    /** Total number of trainable numbers, {@code sum(p.nelement() for p in parameters)}. */
    default long parameterCount() {
        return parameters().stream().mapToLong(NDArray::size).sum();
    }
}
