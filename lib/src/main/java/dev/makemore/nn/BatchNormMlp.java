package dev.makemore.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Part 3's MLP with a hand-written batch norm on the hidden pre-activations (no eps, unbiased std,
 * running estimates with momentum 0.001) and Kaiming init; b1 is dropped because BatchNorm subtracts it.
 *
 * <pre>
 * hpreact = embcat @ W1
 * hpreact = bngain * (hpreact - mean) / std + bnbias     # batch statistics in training, running ones in eval
 * logits  = tanh(hpreact) @ W2 + b2
 * </pre>
 */
public final class BatchNormMlp implements Layer {

    /** Weight of the newest batch in the running estimates. */
    public static final float MOMENTUM = 0.001f;

    private final NDManager manager;
    private final NDArray c;
    private final NDArray w1;
    private final NDArray w2;
    private final NDArray b2;
    private final NDArray bngain;
    private final NDArray bnbias;
    private NDArray bnmeanRunning;
    private NDArray bnstdRunning;
    private boolean training = true;

    /** Draws C, W1 (x (5/3)/sqrt(fan_in)), W2 (x 0.01), b2 (x 0) from the global generator, in that order. */
    public BatchNormMlp(int vocabSize, int blockSize, int nEmbd, int nHidden, NDManager manager) {
        this.manager = manager;
        int fanIn = blockSize * nEmbd;
        c = Parameters.trainable(manager.randomNormal(new Shape(vocabSize, nEmbd)));
        w1 = Parameters.trainable(Parameters.divided(
                Parameters.scaled(manager.randomNormal(new Shape(fanIn, nHidden)), 5f / 3f), (float) Math.sqrt(fanIn)));
        w2 = Parameters.trainable(Parameters.scaled(manager.randomNormal(new Shape(nHidden, vocabSize)), 0.01f));
        b2 = Parameters.trainable(Parameters.scaled(manager.randomNormal(new Shape(vocabSize)), 0f));
        bngain = Parameters.trainable(manager.ones(new Shape(1, nHidden)));
        bnbias = Parameters.trainable(manager.zeros(new Shape(1, nHidden)));
        bnmeanRunning = manager.zeros(new Shape(1, nHidden));
        bnstdRunning = manager.ones(new Shape(1, nHidden));
    }

    @Override
    public NDArray forward(NDArray x) {
        NDArray emb = c.get(x);
        NDArray embcat = emb.reshape(emb.getShape().get(0), -1);
        NDArray hpreact = embcat.matMul(w1);
        NDArray mean = training ? hpreact.mean(new int[] {0}, true) : bnmeanRunning;
        NDArray std = training ? F.std(hpreact, 0) : bnstdRunning;
        NDArray normalized = bngain.mul(hpreact.sub(mean)).div(std).add(bnbias);
        if (training) {
            bnmeanRunning = Parameters.runningAverage(bnmeanRunning, mean, MOMENTUM, manager);
            bnstdRunning = Parameters.runningAverage(bnstdRunning, std, MOMENTUM, manager);
        }
        NDArray h = normalized.tanh();
        return h.matMul(w2).add(b2);
    }

    /**
     * Replaces the running estimates with the exact mean and std of the pre-activations over {@code x}, the
     * lecture's "calibrate the batch norm at the end of training" cell. Call it without a gradient collector.
     */
    @SuppressWarnings("try") // the scope frees what the block creates; it is never referenced
    public void calibrate(NDArray x) {
        try (NDScope ignored = new NDScope()) {
            NDArray emb = c.get(x);
            NDArray hpreact = emb.reshape(emb.getShape().get(0), -1).matMul(w1);
            NDArray oldMean = bnmeanRunning;
            NDArray oldStd = bnstdRunning;
            bnmeanRunning = Parameters.keep(hpreact.mean(new int[] {0}, true), manager);
            bnstdRunning = Parameters.keep(F.std(hpreact, 0).stopGradient(), manager);
            oldMean.close();
            oldStd.close();
        }
    }

    @Override
    public void train(boolean training) {
        this.training = training;
    }

    /** The embedding table C. */
    public NDArray embedding() {
        return c;
    }

    @Override
    public List<NDArray> parameters() {
        return List.of(c, w1, w2, b2, bngain, bnbias);
    }

    @Override
    public List<NDArray> buffers() {
        return List.of(bnmeanRunning, bnstdRunning);
    }

    @Override
    public String toString() {
        return "BatchNormMlp(C" + c.getShape() + ", W1" + w1.getShape() + ", W2" + w2.getShape() + ")";
    }
}
