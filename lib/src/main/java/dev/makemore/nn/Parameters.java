package dev.makemore.nn;

import ai.djl.ndarray.NDArray;

/** Small helpers shared by the layers for creating parameters. */
final class Parameters {

    private Parameters() {}

    /** Marks {@code array} as trainable ({@code requires_grad=True}) and returns it. */
    static NDArray trainable(NDArray array) {
        array.setRequiresGradient(true);
        return array;
    }

    /** {@code a * factor} with {@code a} freed: initialisation is {@code randn(...) * factor} in the lectures. */
    static NDArray scaled(NDArray a, float factor) {
        NDArray result = a.mul(factor);
        a.close();
        return result;
    }

    /** {@code a / divisor} with {@code a} freed. */
    static NDArray divided(NDArray a, float divisor) {
        NDArray result = a.div(divisor);
        a.close();
        return result;
    }
}
