package dev.makemore.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.makemore.nn.F;
import java.util.Map;

/**
 * {@code nn.LayerNorm(dim)}: BatchNorm turned sideways. Each example (each position of each sequence) is
 * standardised over its own {@code dim} channels, {@code (x - mean) / sqrt(var + eps)} with the biased variance
 * (divided by {@code dim}), then scaled by {@code weight} (initially ones) and shifted by {@code bias} (zeros).
 * No batch statistics, so no running estimates and no train/eval difference: a sequence of one example
 * normalises the same way as a batch.
 */
public final class LayerNorm implements NamedLayer {

    /** Added to the variance before the square root, PyTorch's default. */
    public static final double EPS = 1e-5;

    private final NDArray weight;
    private final NDArray bias;

    /** {@code weight = ones(dim)}, {@code bias = zeros(dim)}: no random draws. */
    public LayerNorm(int dim, DataType type, NDManager manager) {
        this.weight = Params.trainable(manager.ones(new Shape(dim), type));
        this.bias = Params.trainable(manager.zeros(new Shape(dim), type));
    }

    /** Normalises over the last axis. */
    @Override
    public NDArray forward(NDArray x) {
        int[] last = {x.getShape().dimension() - 1};
        NDArray centered = x.sub(x.mean(last, true));
        NDArray var = centered.square().mean(last, true);
        NDArray xhat = centered.div(var.add(F.scalar(x, EPS)).sqrt());
        return xhat.mul(weight).add(bias);
    }

    @Override
    public Map<String, NDArray> namedParameters() {
        return new Names().add("weight", weight).add("bias", bias).build();
    }

    @Override
    public String toString() {
        return "LayerNorm(" + weight.getShape().get(0) + ")";
    }
}
