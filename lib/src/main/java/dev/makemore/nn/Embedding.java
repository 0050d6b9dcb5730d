package dev.makemore.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * The lookup table {@code C}: each character index picks a row, {@code C[X]}. Indexing is the one-hot
 * matrix product of part 2 without the zeros; its backward adds each example's gradient into the picked row.
 */
public final class Embedding extends RecordingLayer {

    private final NDArray weight;

    /** Draws {@code randn(numEmbeddings, embeddingDim)} from the global generator. */
    public Embedding(int numEmbeddings, int embeddingDim, NDManager manager) {
        this(numEmbeddings, embeddingDim, DataType.FLOAT32, manager);
    }

    /** As {@link #Embedding(int, int, NDManager)} in another float type (float64 for gradient checks). */
    public Embedding(int numEmbeddings, int embeddingDim, DataType type, NDManager manager) {
        this.weight = Parameters.trainable(manager.randomNormal(0f, 1f, new Shape(numEmbeddings, embeddingDim), type));
    }

    /** {@code weight[ix]}: int64 {@code [B, T]} in, {@code [B, T, dim]} out. */
    @Override
    public NDArray forward(NDArray ix) {
        return record(weight.get(ix));
    }

    /** The table {@code [vocab, dim]}, for the embedding scatter plot. */
    public NDArray weight() {
        return weight;
    }

    @Override
    public List<NDArray> parameters() {
        return List.of(weight);
    }

    @Override
    public String toString() {
        return "Embedding" + weight.getShape();
    }
}
