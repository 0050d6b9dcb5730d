package dev.makemore.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Part 2's MLP (Bengio et al. 2003), written out with raw parameters as the lecture does:
 * {@code emb = C[X]}, {@code h = tanh(emb.view(-1, block*n_embd) @ W1 + b1)}, {@code logits = h @ W2 + b2}.
 *
 * <p>{@link Init} selects the part-3 initialisation fixes, applied to the same random draws.
 */
public final class Mlp implements Layer {

    /** The initialisations of part 3's loss log; all draw C, W1, b1, W2, b2 in that order. */
    public enum Init {
        /** Everything plain {@code randn}: initial loss 27.88. */
        PLAIN(1f, 1f, 1f, 1f),
        /** "Softmax confidently wrong": W2 x 0.01, b2 x 0. */
        SOFTMAX_FIX(1f, 1f, 0.01f, 0f),
        /** "tanh layer too saturated": also W1 x 0.2, b1 x 0.01. */
        TANH_FIX(0.2f, 0.01f, 0.01f, 0f),
        /** "Kaiming": W1 x (5/3) / sqrt(fan_in) (computed in that order), b1 x 0.01. */
        KAIMING(Float.NaN, 0.01f, 0.01f, 0f);

        private final float w1;
        private final float b1;
        private final float w2;
        private final float b2;

        Init(float w1, float b1, float w2, float b2) {
            this.w1 = w1;
            this.b1 = b1;
            this.w2 = w2;
            this.b2 = b2;
        }
    }

    private final NDArray c;
    private final NDArray w1;
    private final NDArray b1;
    private final NDArray w2;
    private final NDArray b2;

    /**
     * Draws C {@code [vocab, nEmbd]}, W1 {@code [block*nEmbd, nHidden]}, b1, W2 {@code [nHidden, vocab]}, b2
     * from the global generator, in that order.
     */
    public Mlp(int vocabSize, int blockSize, int nEmbd, int nHidden, Init init, NDManager manager) {
        int fanIn = blockSize * nEmbd;
        c = Parameters.trainable(manager.randomNormal(new Shape(vocabSize, nEmbd)));
        NDArray w1Draw = manager.randomNormal(new Shape(fanIn, nHidden));
        w1 = Parameters.trainable(init == Init.KAIMING
                ? Parameters.divided(Parameters.scaled(w1Draw, 5f / 3f), (float) Math.sqrt(fanIn))
                : scaledUnlessOne(w1Draw, init.w1));
        b1 = Parameters.trainable(scaledUnlessOne(manager.randomNormal(new Shape(nHidden)), init.b1));
        w2 = Parameters.trainable(scaledUnlessOne(manager.randomNormal(new Shape(nHidden, vocabSize)), init.w2));
        b2 = Parameters.trainable(scaledUnlessOne(manager.randomNormal(new Shape(vocabSize)), init.b2));
    }

    private static NDArray scaledUnlessOne(NDArray a, float factor) {
        return factor == 1f ? a : Parameters.scaled(a, factor);
    }

    @Override
    public NDArray forward(NDArray x) {
        NDArray emb = c.get(x);
        NDArray embcat = emb.reshape(emb.getShape().get(0), -1);
        NDArray h = embcat.matMul(w1).add(b1).tanh();
        return h.matMul(w2).add(b2);
    }

    /** The embedding table C. */
    public NDArray embedding() {
        return c;
    }

    @Override
    public List<NDArray> parameters() {
        return List.of(c, w1, b1, w2, b2);
    }

    @Override
    public String toString() {
        return "Mlp(C" + c.getShape() + ", W1" + w1.getShape() + ", W2" + w2.getShape() + ")";
    }
}
