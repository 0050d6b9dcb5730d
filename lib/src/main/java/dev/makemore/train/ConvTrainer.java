package dev.makemore.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.makemore.Numerics;
import dev.makemore.Torch;
import dev.makemore.data.Examples;
import dev.makemore.data.NameSequences;
import dev.makemore.nn.ConvNet;

/**
 * The lectures' training loop for the {@link ConvNet}: a minibatch is a batch of whole names instead of
 * context windows, and the loss is the mean over their scored positions.
 *
 * <p>Everything else is {@link Trainer}'s: the {@code randint} draw per step (here over name indices), the
 * learning-rate schedule, listeners, interruption, gradient zeroing and memory scopes. To reuse it, the
 * trainer's "examples" are the name indices themselves ({@code x[i] = i}), so a drawn row is a drawn name.
 */
public final class ConvTrainer extends Trainer {

    private final ConvNet model;
    private final NameSequences names;

    /**
     * A trainer for {@code model} on {@code names}.
     *
     * @param batchSize names per step
     * @param manager owns the name-index table
     */
    public ConvTrainer(ConvNet model, NameSequences names, int batchSize, LearningRate learningRate,
            NDManager manager) {
        this(model, names, batchSize, learningRate, manager, Numerics.EXACT);
    }

    /**
     * As {@link #ConvTrainer(ConvNet, NameSequences, int, LearningRate, NDManager)}; with {@link Numerics#FAST}
     * the masked BatchNorm of each block runs as one fused {@code batch_norm} over the valid positions.
     */
    public ConvTrainer(ConvNet model, NameSequences names, int batchSize, LearningRate learningRate,
            NDManager manager, Numerics numerics) {
        super(model, nameIndices(names.size(), manager), batchSize, learningRate, numerics);
        this.model = model;
        this.names = names;
    }

    private static Examples nameIndices(int n, NDManager manager) {
        NDArray rows = manager.arange(0, n, 1, DataType.INT64).reshape(n, 1);
        return new Examples(rows, manager.zeros(new ai.djl.ndarray.types.Shape(n), DataType.INT64));
    }

    /** The mean cross-entropy over the scored positions of the names whose indices are {@code xb}. */
    @Override
    protected NDArray loss(NDArray xb, NDArray yb) {
        return model.loss(names.batch(xb.toLongArray(), xb.getManager()), numerics());
    }

    /** Names per forward pass in {@link #splitLoss(ConvNet, NameSequences)}. */
    public static final int EVAL_CHUNK = 2048;

    /**
     * The mean loss over every scored position of {@code names} in eval mode: one forward pass per chunk of
     * names instead of one row per character. Equals the WaveNet's {@code split_loss} on the same words
     * (to float rounding: the sums run in a different order).
     */
    @SuppressWarnings("try") // the scope frees each chunk's arrays when it closes
    public static float splitLoss(ConvNet model, NameSequences names) {
        model.train(false);
        return Torch.withThreads(Torch.EVALUATION_THREADS, () -> Torch.noGrad(() -> {
            double nll = 0;
            try (NDManager manager = Torch.newManager()) {
                for (int from = 0; from < names.size(); from += EVAL_CHUNK) {
                    try (NDScope ignored = new NDScope()) {
                        NameSequences.Batch batch = names.range(from, Math.min(names.size(), from + EVAL_CHUNK), manager);
                        nll += (double) model.loss(batch).getFloat() * batch.positions();
                    }
                }
            }
            return (float) (nll / names.positions());
        }));
    }
}
