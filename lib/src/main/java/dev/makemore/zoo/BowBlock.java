package dev.makemore.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Map;

/**
 * makemore.py's {@code BoWBlock}: the causal average of the positions so far, then a tanh MLP
 * ({@code nEmbd -> nEmbd2 -> nEmbd}), each added to its input: {@code x = x + cbow(x)}, {@code x = x + mlp(x)}.
 */
public final class BowBlock implements NamedLayer {

    private final CausalBagOfWords cbow = new CausalBagOfWords();
    private final TorchLinear cFc;
    private final TorchLinear cProj;

    /** Draws mlp.c_fc, then mlp.c_proj. */
    public BowBlock(int nEmbd, int nEmbd2, DataType type, NDManager manager) {
        this.cFc = new TorchLinear(nEmbd, nEmbd2, true, type, manager);
        this.cProj = new TorchLinear(nEmbd2, nEmbd, true, type, manager);
    }

    /** {@code [B, T, nEmbd]} in and out. */
    @Override
    public NDArray forward(NDArray x) {
        x = x.add(cbow.forward(x));
        return x.add(cProj.forward(cFc.forward(x).tanh()));
    }

    @Override
    public Map<String, NDArray> namedParameters() {
        return new Names().add("mlp.c_fc", cFc).add("mlp.c_proj", cProj).build();
    }

    @Override
    public String toString() {
        return "BowBlock";
    }
}
