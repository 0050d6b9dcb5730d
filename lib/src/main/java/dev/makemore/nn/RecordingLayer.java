package dev.makemore.nn;

import ai.djl.ndarray.NDArray;

/**
 * A layer that keeps its last output as {@code out}, like the lecture's classes ({@code self.out = ...}), so
 * the part-3 diagnostics can look at activations after a forward pass.
 *
 * <p>The array is valid until the training step that made it ends (each step frees its arrays); copy what you
 * need inside a step listener.
 */
public abstract class RecordingLayer implements Layer {

    private NDArray out;

    /** The output of the last {@link #forward(NDArray)}. */
    public NDArray out() {
        if (out == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " has not run forward yet");
        }
        return out;
    }

    /** Stores and returns {@code out}. */
    protected NDArray record(NDArray out) {
        this.out = out;
        return out;
    }
}
