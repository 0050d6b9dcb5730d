package dev.makemore.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Map;

/**
 * makemore.py's RNN language model with an {@link RnnCell}, a {@link GruCell} or (our addition) an
 * {@link LstmCell}: embed every token, then walk the positions left to right, each step feeding the cell the
 * token's embedding and the state the last step left; the head reads the state {@code h} after every position.
 * The state before the first position is learned ({@code start}, and for the LSTM {@code start_c}), starting at
 * zeros. Unrolled in Java, so the graph has {@code T} copies of the cell sharing one set of weights.
 */
public final class RecurrentModel implements SequenceModel {

    private final ZooType type;
    private final int blockSize;
    private final NDArray start;
    private final NDArray startC;
    private final TorchEmbedding wte;
    private final RecurrentCell cell;
    private final TorchLinear lmHead;

    /** Builds in makemore.py's order: {@code start} (zeros), {@code wte}, the cell, {@code lm_head}. */
    public RecurrentModel(ZooConfig config, DataType type, NDManager manager) {
        this.type = config.type();
        this.blockSize = config.blockSize();
        int n1 = config.nEmbd();
        int n2 = config.nEmbd2();
        this.start = Params.trainable(manager.zeros(new Shape(1, n2), type));
        this.startC = this.type == ZooType.LSTM ? Params.trainable(manager.zeros(new Shape(1, n2), type)) : null;
        this.wte = new TorchEmbedding(config.vocabSize(), n1, type, manager);
        this.cell = switch (this.type) {
            case RNN -> new RnnCell(n1, n2, type, manager);
            case GRU -> new GruCell(n1, n2, type, manager);
            case LSTM -> new LstmCell(n1, n2, type, manager);
            default -> throw new IllegalArgumentException("type: a recurrent model is rnn, gru or lstm, got " + this.type.label());
        };
        this.lmHead = new TorchLinear(n2, config.vocabSize(), true, type, manager);
    }

    @Override
    public NDArray forward(NDArray idx) {
        long b = idx.getShape().get(0);
        long t = idx.getShape().get(1);
        NDArray emb = wte.forward(idx); // [B, T, nEmbd]
        NDList state = new NDList(start.broadcast(b, start.getShape().get(1)));
        if (startC != null) {
            state.add(startC.broadcast(b, startC.getShape().get(1)));
        }
        NDList hiddens = new NDList();
        for (long i = 0; i < t; i++) {
            state = cell.step(emb.get(":, {}, :", i), state);
            hiddens.add(state.get(0));
        }
        return lmHead.forward(NDArrays.stack(hiddens, 1)); // [B, T, nEmbd2] -> [B, T, vocab]
    }

    /** The cell. */
    public RecurrentCell cell() {
        return cell;
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public ZooType type() {
        return type;
    }

    @Override
    public Map<String, NDArray> namedParameters() {
        Names names = new Names().add("start", start);
        if (startC != null) {
            names.add("start_c", startC);
        }
        return names.add("wte", wte).add("cell", cell).add("lm_head", lmHead).build();
    }

    @Override
    public String toString() {
        return "Recurrent(" + cell + ")";
    }
}
