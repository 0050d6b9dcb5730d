package dev.makemore.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * makemore.py's transformer, GPT-2's layout: token embedding plus position embedding, {@code nLayer}
 * {@link TransformerBlock}s, a final {@link LayerNorm} and a linear head without bias.
 */
public final class TransformerModel implements SequenceModel {

    private final int blockSize;
    private final TorchEmbedding wte;
    private final TorchEmbedding wpe;
    private final List<TransformerBlock> h = new ArrayList<>();
    private final LayerNorm lnF;
    private final TorchLinear lmHead;

    /** Draws {@code wte}, {@code wpe}, the blocks in order, then {@code lm_head}. */
    public TransformerModel(ZooConfig config, DataType type, NDManager manager) {
        this.blockSize = config.blockSize();
        this.wte = new TorchEmbedding(config.vocabSize(), config.nEmbd(), type, manager);
        this.wpe = new TorchEmbedding(config.blockSize(), config.nEmbd(), type, manager);
        for (int i = 0; i < config.nLayer(); i++) {
            h.add(new TransformerBlock(config.nEmbd(), config.nHead(), type, manager));
        }
        this.lnF = new LayerNorm(config.nEmbd(), type, manager);
        this.lmHead = new TorchLinear(config.nEmbd(), config.vocabSize(), false, type, manager);
    }

    @Override
    public NDArray forward(NDArray idx) {
        NDArray x = embed(idx, blockSize, wte, wpe);
        for (TransformerBlock block : h) {
            x = block.forward(x);
        }
        return lmHead.forward(lnF.forward(x));
    }

    /**
     * {@code wte(idx) + wpe(arange(T))}: what each token is plus where it is, {@code [B, T, C]}; the position rows
     * {@code [1, T, C]} are broadcast over the batch.
     */
    static NDArray embed(NDArray idx, int blockSize, TorchEmbedding wte, TorchEmbedding wpe) {
        long t = idx.getShape().get(1);
        if (t > blockSize) {
            throw new IllegalArgumentException("idx: a sequence of length " + t + " is longer than the block size " + blockSize);
        }
        NDArray pos = idx.getManager().arange(0, (int) t, 1, DataType.INT64).reshape(1, t);
        return wte.forward(idx).add(wpe.forward(pos));
    }

    /** The parameters makemore.py counts when it prints "number of parameters": all but {@code lm_head}'s. */
    public long parameterCountWithoutHead() {
        return parameterCount() - lmHead.parameterCount();
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public ZooType type() {
        return ZooType.TRANSFORMER;
    }

    @Override
    public Map<String, NDArray> namedParameters() {
        Names names = new Names().add("transformer.wte", wte).add("transformer.wpe", wpe);
        for (int i = 0; i < h.size(); i++) {
            names.add("transformer.h." + i, h.get(i));
        }
        return names.add("transformer.ln_f", lnF).add("lm_head", lmHead).build();
    }

    @Override
    public String toString() {
        return "Transformer(" + h.size() + " blocks)";
    }
}
