package dev.makemore.zoo;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Builds makemore.py's models. Every random initial value comes from torch's global generator (seed it first with
 * {@link dev.makemore.Torch#seed(long)}), drawn in the order PyTorch constructs the modules and from the same
 * distributions: after the same seed the parameters equal PyTorch's, element for element.
 */
public final class ZooModels {

    private ZooModels() {}

    /** The model {@code config} describes, in float32. */
    public static SequenceModel build(ZooConfig config, NDManager manager) {
        return build(config, DataType.FLOAT32, manager);
    }

    /** The model {@code config} describes, in {@code type} (float64 for gradient checks). */
    public static SequenceModel build(ZooConfig config, DataType type, NDManager manager) {
        config.validate();
        return switch (config.type()) {
            case BIGRAM -> new BigramModel(config, type, manager);
            case MLP -> new MlpModel(config, type, manager);
            case RNN, GRU, LSTM -> new RecurrentModel(config, type, manager);
            case BOW -> new BowModel(config, type, manager);
            case TRANSFORMER -> new TransformerModel(config, type, manager);
        };
    }
}
