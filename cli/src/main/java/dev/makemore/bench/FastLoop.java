package dev.makemore.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.makemore.data.NameSequences;
import dev.makemore.nn.F;
import java.util.List;

/**
 * The benchmark's tuned training loop: the lectures' SGD with the per-step overhead taken out, on the same
 * seeded weights and the same {@code randint} stream as {@link dev.makemore.train.Trainer}.
 *
 * <p>PyTorch's cost for these tiny tensors is per operation (about 1.5 microseconds for each ATen call, plus
 * autograd bookkeeping), not arithmetic, so every lever here removes operations:
 * <ul>
 *   <li>the minibatch indices are drawn natively (that is the stream to reproduce), copied to Java, and the
 *       batch is assembled in Java and uploaded with one {@code create} per array instead of two index ops;
 *   <li>the loss is {@code log_softmax + gather + mean}; its printed value is summed in Java in PyTorch's
 *       order ({@link F#nllMean}), so it is the same number {@code F.cross_entropy} prints;
 *   <li>the update is in place and reuses the gradient's memory: {@code g *= lr; p -= g; g = 0}.
 * </ul>
 * Subclasses supply the forward pass (and, for the hand-written variants, the backward pass too).
 */
abstract class FastLoop implements AutoCloseable {

    /** Examples per step. */
    static final int BATCH = 32;

    protected final NDManager manager;
    private final long[] xs;
    private final long[] ys;
    private final int block;
    private final long n;

    /**
     * @param xs the training contexts, row-major {@code [n, block]}
     * @param ys the next characters {@code [n]}
     */
    FastLoop(long[] xs, long[] ys, int block, NDManager manager) {
        this.xs = xs;
        this.ys = ys;
        this.block = block;
        this.n = ys.length;
        this.manager = manager;
    }

    /** One SGD step at learning rate {@code lr}; returns the minibatch loss. */
    @SuppressWarnings("try") // the scope frees the step's arrays when it closes
    final float step(float lr) {
        try (NDScope ignored = new NDScope()) {
            long[] rows = manager.randomInteger(0, n, new Shape(BATCH), DataType.INT64).toLongArray();
            long[] xb = new long[BATCH * block];
            long[] yb = new long[BATCH];
            for (int i = 0; i < BATCH; i++) {
                System.arraycopy(xs, (int) rows[i] * block, xb, i * block, block);
                yb[i] = ys[(int) rows[i]];
            }
            JniUtils.setGradMode(true);
            try {
                return train(NameSequences.owned(manager.create(xb, new Shape(BATCH, block))), yb, lr);
            } finally {
                JniUtils.setGradMode(false);
            }
        }
    }

    /**
     * Forward, backward and update on one minibatch; returns its loss.
     *
     * @param xb the contexts, int64 {@code [batch, block]}
     * @param targets the next characters, kept in Java (the hand-written loss needs no native copy)
     */
    protected abstract float train(NDArray xb, long[] targets, float lr);

    /** The trainable arrays, in the lecture's order. */
    abstract List<NDArray> parameters();

    /**
     * Backward through autograd from {@code log_softmax(logits)[y]} and the in-place update; returns the loss.
     * The gradient that reaches the log-softmax is {@code -1/n} at each target, exactly nll_loss's.
     */
    protected final float autogradStep(NDArray logits, long[] targets, float lr) {
        NDArray picked = logits.logSoftmax(1).gather(NameSequences.owned(manager.create(targets, new Shape(targets.length, 1))), 1);
        JniUtils.backward((PtNDArray) picked.mean().neg(), (PtNDArray) manager.create(1f), false, false);
        JniUtils.setGradMode(false); // the update must not be recorded
        float loss = F.nllMean(picked.toFloatArray());
        if (Float.isFinite(loss)) {
            for (NDArray p : parameters()) {
                NDArray g = p.getGradient();
                p.subi(g.muli(lr));
                JniUtils.zeroGrad((PtNDArray) p);
            }
        }
        return loss;
    }

    /** Called once after training, before the lib model is evaluated: copy back what lives elsewhere. */
    void finish() {}

    @Override
    public void close() {
        manager.close();
    }
}
