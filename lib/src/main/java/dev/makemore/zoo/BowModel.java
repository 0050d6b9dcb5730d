package dev.makemore.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Map;

/**
 * makemore.py's bag of words: token embedding plus position embedding, one {@link BowBlock} (the average of
 * everything so far, then an MLP) and a linear head. The average forgets the order of the tokens, except for what
 * the position embeddings put into them.
 */
public final class BowModel implements SequenceModel {

    private final int blockSize;
    private final TorchEmbedding wte;
    private final TorchEmbedding wpe;
    private final BowBlock contextBlock;
    private final TorchLinear lmHead;

    /** Draws {@code wte}, {@code wpe}, the block's MLP, then {@code lm_head}. */
    public BowModel(ZooConfig config, DataType type, NDManager manager) {
        this.blockSize = config.blockSize();
        this.wte = new TorchEmbedding(config.vocabSize(), config.nEmbd(), type, manager);
        this.wpe = new TorchEmbedding(config.blockSize(), config.nEmbd(), type, manager);
        this.contextBlock = new BowBlock(config.nEmbd(), config.nEmbd2(), type, manager);
        this.lmHead = new TorchLinear(config.nEmbd(), config.vocabSize(), true, type, manager);
    }

    @Override
    public NDArray forward(NDArray idx) {
        NDArray x = TransformerModel.embed(idx, blockSize, wte, wpe);
        return lmHead.forward(contextBlock.forward(x));
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public ZooType type() {
        return ZooType.BOW;
    }

    @Override
    public Map<String, NDArray> namedParameters() {
        return new Names().add("wte", wte).add("wpe", wpe).add("context_block", contextBlock).add("lm_head", lmHead)
                .build();
    }

    @Override
    public String toString() {
        return "Bow(" + contextBlock + ")";
    }
}
