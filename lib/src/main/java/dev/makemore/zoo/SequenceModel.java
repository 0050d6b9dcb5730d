package dev.makemore.zoo;

import ai.djl.ndarray.NDArray;

/**
 * A language model over whole sequences, makemore.py's interface: int64 token indices {@code [B, T]} in, and for
 * every position {@code t} the logits of the token that follows, {@code [B, T, vocab]}, computed from positions
 * {@code 0..t} only. One forward pass thus scores every position of every name at once (the lectures' MLPs score
 * one position per example).
 */
public interface SequenceModel extends NamedLayer {

    /** {@code idx [B, T]} (int64, {@code T <= blockSize()} where the model has position tables) to {@code [B, T, vocab]}. */
    @Override
    NDArray forward(NDArray idx);

    /** The context the model needs to predict the next token, makemore.py's {@code get_block_size()}. */
    int blockSize();

    /** Which model this is. */
    ZooType type();
}
