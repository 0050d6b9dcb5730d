package dev.makemore.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import dev.makemore.nn.F;
import java.util.Map;

/**
 * The gated recurrent unit in makemore.py's form (Cho et al. 2014), three linear layers on {@code [x; h]}:
 *
 * <pre>
 * r    = sigmoid(W_r [x; h])          reset gate: which channels of h the candidate may read
 * hbar = tanh(W_hbar [x; r * h])      the candidate new state
 * z    = sigmoid(W_z [x; h])          update gate: how much of each channel to replace
 * h'   = (1 - z) * h + z * hbar
 * </pre>
 *
 * Where {@code z} is near 0 a channel is copied from the previous position unchanged, and so is its gradient:
 * the GRU can carry information (and gradient) across many positions, which the plain RNN cannot.
 * (PyTorch's {@code nn.GRU} puts the reset gate after the matrix product instead; this is not that one.)
 */
public final class GruCell implements RecurrentCell {

    private final int nEmbd;
    private final int nEmbd2;
    private final TorchLinear xhToZ;
    private final TorchLinear xhToR;
    private final TorchLinear xhToHbar;

    /** Draws in makemore.py's order: {@code xh_to_z}, {@code xh_to_r}, {@code xh_to_hbar}. */
    public GruCell(int nEmbd, int nEmbd2, DataType type, NDManager manager) {
        this.nEmbd = nEmbd;
        this.nEmbd2 = nEmbd2;
        this.xhToZ = new TorchLinear(nEmbd + nEmbd2, nEmbd2, true, type, manager);
        this.xhToR = new TorchLinear(nEmbd + nEmbd2, nEmbd2, true, type, manager);
        this.xhToHbar = new TorchLinear(nEmbd + nEmbd2, nEmbd2, true, type, manager);
    }

    @Override
    public NDList step(NDArray xt, NDList state) {
        NDArray h = state.get(0);
        NDArray xh = RecurrentCell.cat(xt, h);
        NDArray r = Activation.sigmoid(xhToR.forward(xh));
        NDArray hbar = xhToHbar.forward(RecurrentCell.cat(xt, r.mul(h))).tanh();
        NDArray z = Activation.sigmoid(xhToZ.forward(xh));
        NDArray keep = F.scalar(h, 1.0).sub(z);
        return new NDList(keep.mul(h).add(z.mul(hbar)));
    }

    @Override
    public int inputSize() {
        return nEmbd;
    }

    @Override
    public int hiddenSize() {
        return nEmbd2;
    }

    @Override
    public Map<String, NDArray> namedParameters() {
        return new Names().add("xh_to_z", xhToZ).add("xh_to_r", xhToR).add("xh_to_hbar", xhToHbar).build();
    }

    @Override
    public String toString() {
        return "GruCell(" + nEmbd + " + " + nEmbd2 + " -> " + nEmbd2 + ")";
    }
}
