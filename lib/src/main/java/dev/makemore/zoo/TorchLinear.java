package dev.makemore.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Map;

/**
 * PyTorch's {@code nn.Linear(in, out)}: {@code y = x @ W.T + b} with the weight stored {@code [out, in]}, as
 * PyTorch stores it, and initialised the way PyTorch does it (not the lectures' {@code randn / sqrt(fan_in)} of
 * {@link dev.makemore.nn.Linear}).
 *
 * <p>PyTorch draws the weight with {@code kaiming_uniform_(W, a=sqrt(5))}: a uniform distribution of bound
 * {@code gain * sqrt(3 / fan_in)} with {@code gain = sqrt(2 / (1 + a^2)) = sqrt(1/3)}, which is
 * {@code 1/sqrt(fan_in)}; then the bias from {@code U(-1/sqrt(fan_in), 1/sqrt(fan_in))}. The standard deviation,
 * {@code 1/sqrt(3 fan_in)}, is a third smaller than Kaiming's tanh init would be. Both bounds are computed here as
 * PyTorch computes them, in double, and rounded to float once, so a seeded draw gives PyTorch's numbers.
 */
public final class TorchLinear implements NamedLayer {

    private final NDArray weight;
    private final NDArray bias;

    /** Draws the weight {@code [out, in]}, then (if {@code bias}) the bias {@code [out]}, from the global generator. */
    public TorchLinear(int in, int out, boolean bias, DataType type, NDManager manager) {
        float w = (float) kaimingUniformBound(in);
        this.weight = Params.trainable(manager.randomUniform(-w, w, new Shape(out, in), type));
        float b = (float) (1 / Math.sqrt(in));
        this.bias = bias ? Params.trainable(manager.randomUniform(-b, b, new Shape(out), type)) : null;
    }

    /** {@code bound = sqrt(3) * gain / sqrt(fan_in)} with {@code gain = sqrt(2 / (1 + 5))}, in PyTorch's order. */
    static double kaimingUniformBound(int fanIn) {
        double a = Math.sqrt(5);
        double gain = Math.sqrt(2.0 / (1 + a * a));
        double std = gain / Math.sqrt(fanIn);
        return Math.sqrt(3.0) * std;
    }

    /** {@code x @ W.T + b} over the last axis of {@code x} ({@code [B, in]} or {@code [B, T, in]}). */
    @Override
    public NDArray forward(NDArray x) {
        NDArray out = x.matMul(weight.transpose());
        return bias == null ? out : out.add(bias);
    }

    /** The weight, {@code [out, in]}. */
    public NDArray weight() {
        return weight;
    }

    @Override
    public Map<String, NDArray> namedParameters() {
        Names names = new Names().add("weight", weight);
        return bias == null ? names.build() : names.add("bias", bias).build();
    }

    @Override
    public String toString() {
        return "Linear(in " + weight.getShape().get(1) + ", out " + weight.getShape().get(0) + (bias == null ? ", no bias)" : ")");
    }
}
