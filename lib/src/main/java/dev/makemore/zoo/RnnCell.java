package dev.makemore.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Map;

/**
 * The vanilla RNN cell: {@code h_t = tanh(W [x_t; h_{t-1}] + b)}, one linear layer on the input and the previous
 * state side by side. The same weights serve every position, so the net reads sequences of any length; but the
 * gradient to early positions passes through one tanh and one {@code W} per step and tends to vanish or explode.
 */
public final class RnnCell implements RecurrentCell {

    private final int nEmbd;
    private final int nEmbd2;
    private final TorchLinear xhToH;

    /** Draws {@code xh_to_h}: {@code nEmbd + nEmbd2 -> nEmbd2}. */
    public RnnCell(int nEmbd, int nEmbd2, DataType type, NDManager manager) {
        this.nEmbd = nEmbd;
        this.nEmbd2 = nEmbd2;
        this.xhToH = new TorchLinear(nEmbd + nEmbd2, nEmbd2, true, type, manager);
    }

    @Override
    public NDList step(NDArray xt, NDList state) {
        NDArray xh = RecurrentCell.cat(xt, state.get(0));
        return new NDList(xhToH.forward(xh).tanh());
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
        return new Names().add("xh_to_h", xhToH).build();
    }

    @Override
    public String toString() {
        return "RnnCell(" + nEmbd + " + " + nEmbd2 + " -> " + nEmbd2 + ")";
    }
}
