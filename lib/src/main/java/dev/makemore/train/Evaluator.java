package dev.makemore.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.makemore.Torch;
import dev.makemore.data.Examples;
import dev.makemore.nn.F;
import dev.makemore.nn.Layer;

/**
 * The lectures' {@code split_loss}: the mean cross-entropy of a whole split, with the model in eval mode
 * (BatchNorm uses its running statistics) and without gradients.
 *
 * <p>The forward pass runs in chunks so that memory stays small even for the 182,625 training examples;
 * the per-example log-probabilities are then summed in PyTorch's order, so the result equals the lecture's
 * full-batch {@code F.cross_entropy} to the last digit.
 */
public final class Evaluator {

    /** Examples per forward chunk. */
    public static final int DEFAULT_CHUNK = 1 << 15;

    private Evaluator() {}

    /** {@code split_loss}: puts {@code model} in eval mode (as the lecture does) and returns the mean loss. */
    public static float splitLoss(Layer model, Examples examples) {
        return splitLoss(model, examples, DEFAULT_CHUNK);
    }

    /** {@link #splitLoss(Layer, Examples)} with a chosen chunk size. */
    @SuppressWarnings("try") // the scope frees what the block creates; it is never referenced
    public static float splitLoss(Layer model, Examples examples, int chunk) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be at least 1, got " + chunk);
        }
        model.train(false);
        int n = Math.toIntExact(examples.size());
        float[] logProbs = new float[n];
        return Torch.withThreads(Torch.EVALUATION_THREADS, () -> Torch.noGrad(() -> {
            for (int start = 0; start < n; start += chunk) {
                int end = Math.min(n, start + chunk);
                try (NDScope ignored = new NDScope()) {
                    NDArray x = examples.x().get(start + ":" + end);
                    NDArray y = examples.y().get(start + ":" + end);
                    NDArray picked = model.forward(x).logSoftmax(1).gather(y.reshape(-1, 1), 1);
                    System.arraycopy(picked.toFloatArray(), 0, logProbs, start, end - start);
                }
            }
            return F.nllMean(logProbs);
        }));
    }
}
