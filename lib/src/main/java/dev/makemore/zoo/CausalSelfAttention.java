package dev.makemore.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.makemore.nn.F;
import java.util.Map;

/**
 * Multi-head causal self-attention, written out. Every position asks a question (its query), offers a label
 * (its key) and a message (its value), all three linear in its input. A position's output is the average of
 * the messages of the positions up to it, weighted by how well each one's key answers its query:
 * {@code softmax(q k^T / sqrt(headSize))} with the future masked out.
 *
 * <p>With {@code nHead} heads the {@code C} channels are cut into {@code nHead} groups of {@code C / nHead},
 * each its own small attention, computed side by side as an extra batch axis and joined again before the
 * output projection. Dividing the scores by {@code sqrt(headSize)} keeps their variance near 1 at init, so the
 * softmax starts diffuse instead of picking one position.
 */
public final class CausalSelfAttention implements NamedLayer {

    private final int nHead;
    private final TorchLinear cAttn;
    private final TorchLinear cProj;

    /** Draws {@code c_attn} ({@code nEmbd -> 3 nEmbd}: queries, keys, values at once), then {@code c_proj}. */
    public CausalSelfAttention(int nEmbd, int nHead, DataType type, NDManager manager) {
        if (nEmbd % nHead != 0) {
            throw new IllegalArgumentException("nEmbd: must be a multiple of nHead, got " + nEmbd + " and " + nHead);
        }
        this.nHead = nHead;
        this.cAttn = new TorchLinear(nEmbd, 3 * nEmbd, true, type, manager);
        this.cProj = new TorchLinear(nEmbd, nEmbd, true, type, manager);
    }

    /** {@code [B, T, C]} in, {@code [B, T, C]} out. */
    @Override
    public NDArray forward(NDArray x) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        long c = x.getShape().get(2);
        long headSize = c / nHead;
        NDList qkv = cAttn.forward(x).split(3, 2);
        NDArray q = heads(qkv.get(0), headSize);
        NDArray k = heads(qkv.get(1), headSize);
        NDArray v = heads(qkv.get(2), headSize);
        // how much each position (row) attends to each other one (column): [B, nh, T, T]
        NDArray att = q.matMul(k.transpose(0, 1, 3, 2)).mul(F.scalar(x, 1.0 / Math.sqrt(headSize)));
        att = att.add(Params.causalMask(t, x)).softmax(-1);
        NDArray y = att.matMul(v); // [B, nh, T, hs]: each head's weighted average of values
        return cProj.forward(y.transpose(0, 2, 1, 3).reshape(b, t, c));
    }

    /** {@code [B, T, C]} to {@code [B, nh, T, hs]}: the heads become a batch axis. */
    private NDArray heads(NDArray a, long headSize) {
        long b = a.getShape().get(0);
        long t = a.getShape().get(1);
        return a.reshape(b, t, nHead, headSize).transpose(0, 2, 1, 3);
    }

    @Override
    public Map<String, NDArray> namedParameters() {
        return new Names().add("c_attn", cAttn).add("c_proj", cProj).build();
    }

    @Override
    public String toString() {
        return "CausalSelfAttention(" + nHead + " heads)";
    }
}
