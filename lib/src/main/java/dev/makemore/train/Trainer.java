package dev.makemore.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.makemore.Torch;
import dev.makemore.data.Examples;
import dev.makemore.nn.F;
import dev.makemore.nn.Layer;
import java.util.ArrayList;
import java.util.List;

/**
 * The lectures' training loop: minibatch SGD on the cross-entropy loss.
 *
 * <pre>
 * for i in range(max_steps):
 *     ix = torch.randint(0, Xtr.shape[0], (batch_size,))     # the global generator's stream
 *     loss = F.cross_entropy(model(Xtr[ix]), Ytr[ix])
 *     loss.backward()
 *     for p in parameters: p.data += -lr(i) * p.grad
 *     (listeners), then zero the gradients
 * </pre>
 *
 * <p>Each step runs in its own {@link NDScope}, so every array it creates is freed when it ends and native
 * memory stays flat over 200,000 steps. The loop stops early, leaving valid parameters, when the thread is
 * interrupted (a notebook's stop button); a NaN or infinite loss throws {@link TrainingDivergedException}.
 * {@link #step(NDArray, NDArray, float)} is the single place that does one update, so a faster
 * implementation can override it.
 */
public class Trainer {

    private final Layer model;
    private final Examples data;
    private final int batchSize;
    private final LearningRate learningRate;
    private final List<StepListener> listeners = new ArrayList<>();
    private final LossHistory history = new LossHistory();
    private int step;
    private boolean interrupted;

    /** A trainer for {@code model} on {@code data} with the given batch size and learning-rate schedule. */
    public Trainer(Layer model, Examples data, int batchSize, LearningRate learningRate) {
        if (batchSize < 2) {
            throw new IllegalArgumentException("batch size must be at least 2 (BatchNorm needs a variance), got " + batchSize);
        }
        this.model = model;
        this.data = data;
        this.batchSize = batchSize;
        this.learningRate = learningRate;
        Torch.engine();
    }

    /** Adds a listener called after every step; returns this trainer for chaining. */
    public Trainer onStep(StepListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Trains from the current step up to (not including) {@code maxSteps}; calling it again continues where
     * it stopped, with the same schedule.
     *
     * @return the loss history of all steps so far
     * @throws TrainingDivergedException if a loss is NaN or infinite
     */
    @SuppressWarnings("try") // the scope frees what the block creates; it is never referenced
    public LossHistory train(int maxSteps) {
        model.train(true);
        interrupted = false;
        List<NDArray> parameters = model.parameters();
        NDManager manager = data.x().getManager();
        long n = data.size();
        while (step < maxSteps) {
            if (Thread.currentThread().isInterrupted()) {
                interrupted = true;
                break;
            }
            try (NDScope ignored = new NDScope()) {
                NDArray ix = manager.randomInteger(0, n, new Shape(batchSize), DataType.INT64);
                float lr = learningRate.at(step);
                float loss = step(data.x().get(ix), data.y().get(ix), lr);
                history.add(loss);
                StepEvent event = new StepEvent(step, maxSteps, loss, lr, model);
                for (StepListener listener : listeners) {
                    listener.onStep(event);
                }
                zeroGradients(parameters);
            }
            step++;
        }
        return history;
    }

    /**
     * One SGD step on a minibatch: forward, backward, {@code p -= lr * p.grad}. Gradients are left in place
     * for the listeners; {@link #train(int)} zeroes them afterwards.
     *
     * @return the minibatch loss
     */
    protected float step(NDArray xb, NDArray yb, float lr) {
        float loss;
        try (GradientCollector collector = Torch.engine().newGradientCollector()) {
            NDArray lossArray = loss(xb, yb);
            collector.backward(lossArray);
            loss = lossArray.getFloat();
        }
        if (!Float.isFinite(loss)) {
            throw new TrainingDivergedException(step, lr, loss);
        }
        Torch.noGrad(() -> {
            for (NDArray p : model.parameters()) {
                p.subi(p.getGradient().mul(lr));
            }
        });
        return loss;
    }

    /** The minibatch loss, {@code F.cross_entropy(model(xb), yb)}; a model that scores differently overrides it. */
    protected NDArray loss(NDArray xb, NDArray yb) {
        return F.crossEntropy(model.forward(xb), yb);
    }

    /** The engine adds each backward pass to the gradients: clear them, like {@code p.grad = None}. */
    private static void zeroGradients(List<NDArray> parameters) {
        for (NDArray p : parameters) {
            JniUtils.zeroGrad((PtNDArray) p);
        }
    }

    /** The next step to run (the number of steps done). */
    public int step() {
        return step;
    }

    /** Whether the last {@link #train(int)} stopped because the thread was interrupted. */
    public boolean wasInterrupted() {
        return interrupted;
    }

    /** The loss of every step so far. */
    public LossHistory history() {
        return history;
    }

    /** The model being trained. */
    public Layer model() {
        return model;
    }
}
