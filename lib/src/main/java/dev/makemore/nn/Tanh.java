package dev.makemore.nn;

import ai.djl.ndarray.NDArray;

/**
 * {@code torch.tanh}. With {@link #retainGrad(boolean)} it also keeps the gradient of its output, the
 * lecture's {@code layer.out.retain_grad()}, for the activation-gradient histograms.
 */
public final class Tanh extends RecordingLayer {

    private boolean retainGrad;
    private NDArray probe;

    @Override
    public NDArray forward(NDArray x) {
        NDArray out = record(x.tanh());
        if (!retainGrad) {
            probe = null;
            return out;
        }
        // DJL cannot retain the gradient of an intermediate array. Adding a zero leaf that requires a
        // gradient changes no value, and the gradient that reaches the leaf is exactly d loss / d out.
        probe = out.zerosLike();
        probe.setRequiresGradient(true);
        return out.add(probe);
    }

    /** Turns on keeping {@code d loss / d out} for {@link #outGrad()}. */
    public Tanh retainGrad(boolean retain) {
        this.retainGrad = retain;
        return this;
    }

    /** Whether {@link #outGrad()} is available after backward. */
    public boolean retainsGrad() {
        return retainGrad;
    }

    /** The gradient of the last output, after backward; requires {@link #retainGrad(boolean)}. */
    public NDArray outGrad() {
        if (probe == null) {
            throw new IllegalStateException("call retainGrad(true) before the forward pass to keep out's gradient");
        }
        return probe.getGradient();
    }

    @Override
    public String toString() {
        return "Tanh";
    }
}
