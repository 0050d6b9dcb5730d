package dev.makemore.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.makemore.nn.Tanh;
import java.util.Map;

/**
 * makemore.py's MLP (Bengio et al. 2003, part 2 of the lectures), scoring every position of a sequence.
 *
 * <p>Position {@code t} sees the {@code blockSize} tokens {@code idx[t], idx[t-1], ..., idx[t-blockSize+1]}, in
 * that order, the current one first. Before the start of the sequence there is nothing to read, so a token of its
 * own fills in: BLANK, index {@code vocabSize}, which is why the embedding table has one row more than the
 * vocabulary. (makemore.py builds the {@code k}-th context by rolling the sequence right {@code k} times and
 * writing BLANK at the front after each roll; here the {@code k}-th context is made directly: {@code k} BLANKs,
 * then the sequence without its last {@code k} tokens.) The {@code blockSize} embeddings are concatenated and go
 * through {@code Linear, tanh, Linear}.
 */
public final class MlpModel implements SequenceModel {

    private final int vocabSize;
    private final int blockSize;
    private final TorchEmbedding wte;
    private final TorchLinear hidden;
    private final Tanh tanh = new Tanh();
    private final TorchLinear out;

    /** Draws {@code wte} ({@code vocab + 1} rows), then {@code mlp.0} and {@code mlp.2}. */
    public MlpModel(ZooConfig config, DataType type, NDManager manager) {
        this.vocabSize = config.vocabSize();
        this.blockSize = config.blockSize();
        this.wte = new TorchEmbedding(vocabSize + 1, config.nEmbd(), type, manager);
        this.hidden = new TorchLinear(blockSize * config.nEmbd(), config.nEmbd2(), true, type, manager);
        this.out = new TorchLinear(config.nEmbd2(), vocabSize, true, type, manager);
    }

    @Override
    public NDArray forward(NDArray idx) {
        NDList embs = new NDList();
        for (int k = 0; k < blockSize; k++) {
            embs.add(wte.forward(previous(idx, k)));
        }
        NDArray x = NDArrays.concat(embs, 2); // [B, T, blockSize * nEmbd]
        return out.forward(tanh.forward(hidden.forward(x)));
    }

    /** The token {@code k} positions back at every position: {@code k} BLANKs, then {@code idx[:, :T-k]}. */
    private NDArray previous(NDArray idx, int k) {
        if (k == 0) {
            return idx;
        }
        long b = idx.getShape().get(0);
        long t = idx.getShape().get(1);
        NDArray blanks = idx.getManager().full(new Shape(b, Math.min(k, t)), vocabSize, DataType.INT64);
        return k >= t ? blanks : NDArrays.concat(new NDList(blanks, idx.get(":, :" + (t - k))), 1);
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public ZooType type() {
        return ZooType.MLP;
    }

    @Override
    public Map<String, NDArray> namedParameters() {
        return new Names().add("wte", wte).add("mlp.0", hidden).add("mlp.2", out).build();
    }

    @Override
    public String toString() {
        return "Mlp(context " + blockSize + ", " + hidden + ")";
    }
}
