package dev.makemore.zoo;

import ai.djl.ndarray.NDArray;
import dev.makemore.Torch;

/**
 * The loss of a {@link SequenceModel}: cross-entropy at every position, averaged over the positions that have a
 * target. makemore.py pads the names of a batch to one length and marks the padding with target {@code -1}
 * ({@code ignore_index=-1}): those positions add nothing to the loss and do not count in the mean.
 */
public final class SequenceLoss {

    /** The target that marks a position without a next token. */
    public static final long IGNORE = -1;

    private SequenceLoss() {}

    /**
     * {@code F.cross_entropy(logits.view(-1, V), targets.view(-1), ignore_index=-1)}: the mean of
     * {@code -log softmax(logits)[target]} over the positions whose target is not {@code -1}.
     *
     * @param logits float {@code [B, T, V]}
     * @param targets int64 {@code [B, T]}
     */
    public static NDArray crossEntropy(NDArray logits, NDArray targets) {
        long v = logits.getShape().get(logits.getShape().dimension() - 1);
        NDArray flat = logits.reshape(-1, v);
        NDArray y = targets.reshape(-1);
        // which positions count (1) and which are padding (0), and a target to pick at the padding that stays in range
        NDArray counted = Torch.noGrad(() -> y.neq(IGNORE).toType(logits.getDataType(), false));
        NDArray safe = Torch.noGrad(() -> y.maximum(0));
        NDArray logProb = flat.logSoftmax(1).gather(safe.reshape(-1, 1), 1).reshape(-1);
        return logProb.mul(counted).sum().neg().div(counted.sum());
    }
}
