package dev.makemore.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * {@code x @ W + b}. The weight starts as {@code randn(fan_in, fan_out) / sqrt(fan_in)}, so the outputs have
 * roughly unit variance for unit-variance inputs; the bias starts at zero.
 */
public final class Linear extends RecordingLayer {

    private final NDArray weight;
    private final NDArray bias;

    /** Draws the weight from the global generator, as the lectures' {@code Linear(fan_in, fan_out, bias)}. */
    public Linear(int fanIn, int fanOut, boolean bias, NDManager manager) {
        this(fanIn, fanOut, bias, DataType.FLOAT32, manager);
    }

    /** As {@link #Linear(int, int, boolean, NDManager)} in another float type (float64 for gradient checks). */
    public Linear(int fanIn, int fanOut, boolean bias, DataType type, NDManager manager) {
        this.weight = Parameters.trainable(
                Parameters.divided(manager.randomNormal(0f, 1f, new Shape(fanIn, fanOut), type), (float) Math.sqrt(fanIn)));
        this.bias = bias ? Parameters.trainable(manager.zeros(new Shape(fanOut), type)) : null;
    }

    @Override
    public NDArray forward(NDArray x) {
        NDArray out = x.matMul(weight);
        return record(bias == null ? out : out.add(bias));
    }

    /** The weight {@code [fan_in, fan_out]}; scale it in place for the lectures' init tweaks. */
    public NDArray weight() {
        return weight;
    }

    @Override
    public List<NDArray> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    @Override
    public String toString() {
        return "Linear" + weight.getShape() + (bias == null ? " no bias" : "");
    }
}
