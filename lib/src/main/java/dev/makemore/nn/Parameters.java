package dev.makemore.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.makemore.Torch;

/** Small helpers shared by the layers for creating parameters and buffers. */
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

    /**
     * A running statistic's update, {@code (1 - momentum) * running + momentum * batch}, computed without
     * gradient and kept in {@code owner} (it outlives the step); the old array is freed.
     */
    static NDArray runningAverage(NDArray running, NDArray batch, float momentum, NDManager owner) {
        NDArray updated = Torch.noGrad(() -> keep(running.mul(1f - momentum).add(batch.mul(momentum)), owner));
        running.close();
        return updated;
    }

    /**
     * Moves {@code array} out of the current step's {@link NDScope} into {@code owner}, so that a buffer
     * updated during a training step (BatchNorm's running statistics) outlives the step.
     */
    static NDArray keep(NDArray array, NDManager owner) {
        NDScope.unregister(array);
        array.attach(owner);
        return array;
    }
}
