package dev.makemore.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.makemore.nn.Embedding;
import java.util.Map;

/**
 * PyTorch's {@code nn.Embedding(n, dim)}: a table drawn from {@code N(0, 1)}, the lectures'
 * {@link Embedding} under PyTorch's parameter name {@code weight}.
 */
public final class TorchEmbedding implements NamedLayer {

    private final Embedding table;

    /** Draws the table {@code [n, dim]} from the global generator. */
    public TorchEmbedding(int n, int dim, DataType type, NDManager manager) {
        this.table = new Embedding(n, dim, type, manager);
    }

    /** int64 indices of any shape in, their rows out ({@code [..., dim]}). */
    @Override
    public NDArray forward(NDArray ix) {
        return table.forward(ix);
    }

    @Override
    public Map<String, NDArray> namedParameters() {
        return new Names().add("weight", table.weight()).build();
    }

    @Override
    public String toString() {
        return table.toString();
    }
}
