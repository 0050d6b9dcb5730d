package dev.makemore.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Map;

/**
 * One GPT-2 block: communication, then computation, each added to the residual stream after a LayerNorm
 * ("pre-norm"): {@code x = x + attn(ln_1(x))}, then {@code x = x + mlp(ln_2(x))}. The MLP widens each position
 * to {@code 4 C}, applies GELU and projects back. Because each step only adds to {@code x}, the gradient reaches
 * the embeddings undiminished through the sums, which is what lets deep stacks of blocks train.
 */
public final class TransformerBlock implements NamedLayer {

    private final LayerNorm ln1;
    private final CausalSelfAttention attn;
    private final LayerNorm ln2;
    private final TorchLinear cFc;
    private final TorchLinear cProj;
    private final Gelu act = new Gelu();

    /** Builds in PyTorch's order: ln_1, attn, ln_2, mlp.c_fc, mlp.c_proj. */
    public TransformerBlock(int nEmbd, int nHead, DataType type, NDManager manager) {
        this.ln1 = new LayerNorm(nEmbd, type, manager);
        this.attn = new CausalSelfAttention(nEmbd, nHead, type, manager);
        this.ln2 = new LayerNorm(nEmbd, type, manager);
        this.cFc = new TorchLinear(nEmbd, 4 * nEmbd, true, type, manager);
        this.cProj = new TorchLinear(4 * nEmbd, nEmbd, true, type, manager);
    }

    /** {@code [B, T, C]} in and out. */
    @Override
    public NDArray forward(NDArray x) {
        x = x.add(attn.forward(ln1.forward(x)));
        return x.add(cProj.forward(act.forward(cFc.forward(ln2.forward(x)))));
    }

    @Override
    public Map<String, NDArray> namedParameters() {
        return new Names().add("ln_1", ln1).add("attn", attn).add("ln_2", ln2)
                .add("mlp.c_fc", cFc).add("mlp.c_proj", cProj).build();
    }

    @Override
    public String toString() {
        return "TransformerBlock(" + attn + ")";
    }
}
