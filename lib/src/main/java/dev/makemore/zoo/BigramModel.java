package dev.makemore.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Map;

/**
 * makemore.py's bigram: a {@code [vocab, vocab]} table whose row {@code i} holds the logits of the character
 * after {@code i}. It starts at zeros (every next character equally likely, no random draw); the forward pass
 * is a row lookup per position.
 */
public final class BigramModel implements SequenceModel {

    private final NDArray logits;

    /** {@code logits = zeros(vocab, vocab)}. */
    public BigramModel(ZooConfig config, DataType type, NDManager manager) {
        this.logits = Params.trainable(manager.zeros(new Shape(config.vocabSize(), config.vocabSize()), type));
    }

    @Override
    public NDArray forward(NDArray idx) {
        return logits.get(idx);
    }

    /** Only the previous character matters. */
    @Override
    public int blockSize() {
        return 1;
    }

    @Override
    public ZooType type() {
        return ZooType.BIGRAM;
    }

    @Override
    public Map<String, NDArray> namedParameters() {
        return new Names().add("logits", logits).build();
    }

    @Override
    public String toString() {
        return "Bigram" + logits.getShape();
    }
}
