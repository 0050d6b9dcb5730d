package dev.makemore.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Part 1's neural bigram: {@code logits = one_hot(previous char) @ W}, a 27x27 table of log-counts learned
 * by gradient descent. It reads only the last position of its context.
 */
public final class Bigram implements Layer {

    private final NDArray w;

    /** Draws {@code W = randn(vocab, vocab)} from the global generator. */
    public Bigram(int vocabSize, NDManager manager) {
        this.w = Parameters.trainable(manager.randomNormal(new Shape(vocabSize, vocabSize)));
    }

    /** int64 {@code [B, T]} contexts in, {@code [B, vocab]} logits out. */
    @Override
    public NDArray forward(NDArray x) {
        long t = x.getShape().get(x.getShape().dimension() - 1);
        NDArray previous = x.reshape(-1, t).get(":, -1");
        NDArray xenc = previous.oneHot((int) w.getShape().get(0)).toType(DataType.FLOAT32, false);
        return xenc.matMul(w);
    }

    /** The table W. */
    public NDArray weight() {
        return w;
    }

    @Override
    public List<NDArray> parameters() {
        return List.of(w);
    }

    @Override
    public String toString() {
        return "Bigram(W" + w.getShape() + ")";
    }
}
