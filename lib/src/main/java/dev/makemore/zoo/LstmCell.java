package dev.makemore.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import java.util.Map;

/**
 * The LSTM cell (Hochreiter and Schmidhuber 1997, with the forget gate of Gers et al. 2000), written in the
 * style of makemore.py's GRU: one linear layer per gate on {@code [x; h]}, where PyTorch's {@code nn.LSTM} packs
 * the four into one {@code [4 H, ...]} matrix (the same function; only the parameters are cut differently).
 *
 * <pre>
 * i  = sigmoid(W_i [x; h])      input gate: how much of the candidate to write
 * f  = sigmoid(W_f [x; h])      forget gate: how much of the old cell to keep
 * g  = tanh(W_g [x; h])         the candidate
 * o  = sigmoid(W_o [x; h])      output gate: how much of the cell to show as h
 * c' = f * c + i * g
 * h' = o * tanh(c')
 * </pre>
 *
 * The cell state {@code c} is changed only by a product with {@code f} and a sum, so where {@code f} is near 1 it
 * carries information and gradient across many positions, like the GRU's {@code (1 - z) h}. The biases start as
 * PyTorch's {@code nn.Linear} draws them (no forget-gate bias of 1).
 */
public final class LstmCell implements RecurrentCell {

    private final int nEmbd;
    private final int nEmbd2;
    private final TorchLinear xhToI;
    private final TorchLinear xhToF;
    private final TorchLinear xhToG;
    private final TorchLinear xhToO;

    /** Draws {@code xh_to_i}, {@code xh_to_f}, {@code xh_to_g}, {@code xh_to_o}, in that order. */
    public LstmCell(int nEmbd, int nEmbd2, DataType type, NDManager manager) {
        this.nEmbd = nEmbd;
        this.nEmbd2 = nEmbd2;
        this.xhToI = new TorchLinear(nEmbd + nEmbd2, nEmbd2, true, type, manager);
        this.xhToF = new TorchLinear(nEmbd + nEmbd2, nEmbd2, true, type, manager);
        this.xhToG = new TorchLinear(nEmbd + nEmbd2, nEmbd2, true, type, manager);
        this.xhToO = new TorchLinear(nEmbd + nEmbd2, nEmbd2, true, type, manager);
    }

    /** The state is {@code (h, c)}. */
    @Override
    public int stateCount() {
        return 2;
    }

    @Override
    public NDList step(NDArray xt, NDList state) {
        NDArray h = state.get(0);
        NDArray c = state.get(1);
        NDArray xh = RecurrentCell.cat(xt, h);
        NDArray i = Activation.sigmoid(xhToI.forward(xh));
        NDArray f = Activation.sigmoid(xhToF.forward(xh));
        NDArray g = xhToG.forward(xh).tanh();
        NDArray o = Activation.sigmoid(xhToO.forward(xh));
        NDArray cNext = f.mul(c).add(i.mul(g));
        return new NDList(o.mul(cNext.tanh()), cNext);
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
        return new Names().add("xh_to_i", xhToI).add("xh_to_f", xhToF).add("xh_to_g", xhToG).add("xh_to_o", xhToO)
                .build();
    }

    @Override
    public String toString() {
        return "LstmCell(" + nEmbd + " + " + nEmbd2 + " -> " + nEmbd2 + ", cell " + nEmbd2 + ")";
    }
}
