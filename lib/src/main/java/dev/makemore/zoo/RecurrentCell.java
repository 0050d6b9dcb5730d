package dev.makemore.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * One step of a recurrence: the input at position {@code t} and the state after {@code t - 1} give the state
 * after {@code t}. The state is {@code h} alone for the RNN and the GRU, {@code (h, c)} for the LSTM; its first
 * array, {@code h}, is what the language-model head reads.
 *
 * <p>As a {@link dev.makemore.nn.Layer} a cell takes the input and the state side by side, {@code [x; h]} or
 * {@code [x; h; c]} along axis 1, and returns the new state the same way: one array in, one out, which is what
 * the gradient checks need.
 */
public interface RecurrentCell extends NamedLayer {

    /** The width of the input {@code x}: {@code nEmbd}. */
    int inputSize();

    /** The width of each state array: {@code nEmbd2}. */
    int hiddenSize();

    /** How many arrays the state has: 1, or 2 for the LSTM. */
    default int stateCount() {
        return 1;
    }

    /**
     * The state after one more position.
     *
     * @param xt {@code [B, inputSize]}
     * @param state {@link #stateCount()} arrays {@code [B, hiddenSize]}
     */
    NDList step(NDArray xt, NDList state);

    /** {@code [x; state...]} in, {@code [state'...]} out, all along axis 1. */
    @Override
    default NDArray forward(NDArray xAndState) {
        long[] cuts = new long[stateCount()];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = inputSize() + (long) i * hiddenSize();
        }
        NDList parts = xAndState.split(cuts, 1);
        NDList state = new NDList();
        for (int i = 1; i < parts.size(); i++) {
            state.add(parts.get(i));
        }
        NDList next = step(parts.get(0), state);
        return next.size() == 1 ? next.get(0) : NDArrays.concat(next, 1);
    }

    /** {@code torch.cat([a, b], dim=1)}. */
    static NDArray cat(NDArray a, NDArray b) {
        return NDArrays.concat(new NDList(a, b), 1);
    }
}
