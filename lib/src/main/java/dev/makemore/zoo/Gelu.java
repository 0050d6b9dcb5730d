package dev.makemore.zoo;

import ai.djl.ndarray.NDArray;
import dev.makemore.nn.F;
import java.util.Map;

/**
 * GELU as GPT-2 computes it, the tanh approximation:
 * {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}. It is {@code x} times (roughly) the probability that a
 * standard normal variable is below {@code x}: near {@code x} for large inputs, near 0 for very negative ones,
 * smooth in between (unlike ReLU's corner), and slightly negative just left of 0.
 */
public final class Gelu implements NamedLayer {

    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);

    @Override
    public NDArray forward(NDArray x) {
        NDArray cubic = x.add(x.pow(F.scalar(x, 3.0)).mul(F.scalar(x, 0.044715)));
        NDArray gate = cubic.mul(F.scalar(x, SQRT_2_OVER_PI)).tanh().add(F.scalar(x, 1.0));
        return x.mul(F.scalar(x, 0.5)).mul(gate);
    }

    @Override
    public Map<String, NDArray> namedParameters() {
        return Map.of();
    }

    @Override
    public String toString() {
        return "Gelu(tanh)";
    }
}
