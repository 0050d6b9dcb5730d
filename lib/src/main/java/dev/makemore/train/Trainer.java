package dev.makemore.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.makemore.Numerics;
import dev.makemore.Torch;
import dev.makemore.data.Examples;
import dev.makemore.data.NameSequences;
import dev.makemore.data.TorchGenerator;
import dev.makemore.nn.F;
import dev.makemore.nn.Layer;
import dev.makemore.nn.Mlp;
import dev.makemore.nn.Sequential;
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
 * <p>How a step is carried out depends on the model and on the {@link Numerics}:
 * <ul>
 *   <li>Any model: the minibatch is drawn natively (that is the seeded stream to reproduce), copied to Java
 *       and assembled there, one upload per array instead of two index operations.
 *   <li>The lib's window models (the {@link Mlp}, and {@link Sequential}s of Embedding, FlattenConsecutive,
 *       Linear, BatchNorm1d and Tanh) run a staged forward pass on 2-D activations and the loss as
 *       {@code log_softmax + gather}, its printed value summed in Java in PyTorch's order. Same numbers as
 *       the layer-by-layer loop, bit for bit, with fewer operations.
 *   <li>{@link Numerics#FAST} adds the levers that round differently: BatchNorm as PyTorch's fused
 *       {@code batch_norm}; and the MLP trains with part 4's hand-written backward pass (which is in fact
 *       exact, but leaves W1, b1, W2, b2 without {@code .grad}).
 *   <li>Anything else (a notebook's own layer classes, part 5's dim-0-only BatchNorm) runs
 *       {@code model.forward} and {@code F.cross_entropy} with autograd recording, as a {@link GradientCollector}
 *       would (which DJL allows only one of at a time, so runs side by side could not each have one).
 * </ul>
 *
 * <p>The minibatch indices come from torch's global generator, or from a {@link TorchGenerator} of the run's
 * own ({@link #drawBatchesFrom}) when several runs train side by side.
 *
 * <p>Each step runs in its own {@link NDScope}, so every array it creates is freed when it ends and native
 * memory stays flat over 200,000 steps. The loop stops early, leaving valid parameters, when the thread is
 * interrupted (a notebook's stop button); a NaN or infinite loss throws {@link TrainingDivergedException}.
 */
public class Trainer {

    private final Layer model;
    private final Examples data;
    private final int batchSize;
    private final LearningRate learningRate;
    private final Numerics numerics;
    private final List<StepListener> listeners = new ArrayList<>();
    private final LossHistory history = new LossHistory();
    private long[] xs;
    private long[] ys;
    private Path path;
    private StagedForward staged;
    private HandWrittenMlpStep handWritten;
    private int step;
    private boolean interrupted;
    private long trainingNanos;
    private TorchGenerator batches;

    /** How a step is computed; chosen once, on the first {@link #train(int)}. */
    private enum Path { LAYERS, STAGED, HAND_WRITTEN }

    /** A trainer for {@code model} on {@code data} with the given batch size and learning-rate schedule, {@link Numerics#EXACT}. */
    public Trainer(Layer model, Examples data, int batchSize, LearningRate learningRate) {
        this(model, data, batchSize, learningRate, Numerics.EXACT);
    }

    /** A trainer as {@link #Trainer(Layer, Examples, int, LearningRate)} whose steps use {@code numerics}. */
    public Trainer(Layer model, Examples data, int batchSize, LearningRate learningRate, Numerics numerics) {
        if (batchSize < 2) {
            throw new IllegalArgumentException("batch size must be at least 2 (BatchNorm needs a variance), got " + batchSize);
        }
        this.model = model;
        this.data = data;
        this.batchSize = batchSize;
        this.learningRate = learningRate;
        this.numerics = java.util.Objects.requireNonNull(numerics, "numerics");
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
        choosePath();
        List<NDArray> parameters = model.parameters();
        NDManager manager = data.x().getManager();
        long started = System.nanoTime();
        boolean gradMode = JniUtils.isGradMode();
        try {
            while (step < maxSteps) {
                if (Thread.currentThread().isInterrupted()) {
                    interrupted = true;
                    break;
                }
                try (NDScope ignored = new NDScope()) {
                    long[] rows = batches != null ? batches.randint(ys.length, batchSize)
                            : manager.randomInteger(0, ys.length, new Shape(batchSize), DataType.INT64).toLongArray();
                    float lr = learningRate.at(step);
                    float loss = step(rows, lr, manager);
                    history.add(loss);
                    StepEvent event = new StepEvent(step, maxSteps, loss, lr, model);
                    for (StepListener listener : listeners) {
                        listener.onStep(event);
                    }
                    if (path == Path.HAND_WRITTEN) {
                        handWritten.zeroGradients();
                    } else {
                        zeroGradients(parameters);
                    }
                }
                step++;
            }
        } finally {
            trainingNanos += System.nanoTime() - started;
            JniUtils.setGradMode(gradMode);
        }
        return history;
    }

    private void choosePath() {
        if (path != null) {
            return;
        }
        xs = data.x().toLongArray();
        ys = data.y().toLongArray();
        staged = StagedForward.of(model, data.blockSize(), numerics); // null for anything but the lib's window models
        if (staged != null && numerics == Numerics.FAST && model instanceof Mlp mlp) {
            handWritten = new HandWrittenMlpStep(mlp);
            path = Path.HAND_WRITTEN;
        } else {
            path = staged != null ? Path.STAGED : Path.LAYERS;
        }
    }

    /** One SGD step on the examples {@code rows}: forward, backward, {@code p -= lr * p.grad}; returns the loss. */
    private float step(long[] rows, float lr, NDManager manager) {
        int width = data.blockSize();
        long[] xb = new long[rows.length * width];
        long[] yb = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(xs, Math.toIntExact(rows[i] * width), xb, i * width, width);
            yb[i] = ys[(int) rows[i]];
        }
        NDArray x = NameSequences.owned(manager.create(xb, new Shape(rows.length, width)));
        float loss = switch (path) {
            case HAND_WRITTEN -> handWritten.step(x, yb, lr, manager);
            case STAGED -> stagedStep(x, yb, lr, manager);
            case LAYERS -> layerStep(x, NameSequences.owned(manager.create(yb)), lr);
        };
        if (!Float.isFinite(loss)) {
            throw new TrainingDivergedException(step, lr, loss);
        }
        return loss;
    }

    /** Autograd through the layers, as the lecture writes it. */
    private float layerStep(NDArray xb, NDArray yb, float lr) {
        // What a GradientCollector does, without it: DJL allows one collector per process at a time, and runs
        // training side by side (Sweep) each need their own. Grad mode belongs to the thread.
        float loss;
        JniUtils.setGradMode(true);
        try {
            NDArray lossArray = loss(xb, yb);
            JniUtils.backward((PtNDArray) lossArray, (PtNDArray) lossArray.onesLike(), false, false);
            loss = lossArray.getFloat();
        } finally {
            JniUtils.setGradMode(false);
        }
        if (Float.isFinite(loss)) {
            update(lr);
        }
        return loss;
    }

    /**
     * The staged forward pass, then autograd from {@code log_softmax(logits)[y]}: the gradient that reaches
     * the log-softmax is {@code -1/n} at each target, exactly {@code nll_loss}'s.
     */
    private float stagedStep(NDArray xb, long[] targets, float lr, NDManager manager) {
        NDArray picked;
        JniUtils.setGradMode(true);
        try {
            NDArray index = NameSequences.owned(manager.create(targets, new Shape(targets.length, 1)));
            picked = staged.forward(xb).logSoftmax(1).gather(index, 1);
            JniUtils.backward((PtNDArray) picked.mean().neg(), (PtNDArray) manager.create(1f), false, false);
        } finally {
            JniUtils.setGradMode(false);
        }
        float loss = F.nllMean(picked.toFloatArray());
        if (Float.isFinite(loss)) {
            update(lr);
        }
        return loss;
    }

    /**
     * {@code p.data -= lr * p.grad} for every parameter, outside autograd; the gradients stay for the listeners.
     * One native call per parameter ({@link #sgd}) instead of a multiply and a subtract.
     */
    private void update(float lr) {
        for (NDArray p : model.parameters()) {
            sgd(p, p.getGradient(), lr);
        }
    }

    /**
     * {@code p -= lr * g} in place, as one call of libtorch's SGD update (no momentum, weight decay, rescaling
     * or clipping), which runs without recording a graph. It rounds exactly as {@code p.subi(g.mul(lr))} does
     * (NumericsTest compares every step with the layer-by-layer loop).
     */
    static void sgd(NDArray p, NDArray g, float lr) {
        JniUtils.sgdUpdate((PtNDArray) p, (PtNDArray) g, null, lr, 0f, 1f, -1f, 0f);
    }

    /**
     * The minibatch loss, {@code F.cross_entropy(model(xb), yb)}, the forward pass computed with this trainer's
     * numerics; a model that scores differently overrides it.
     */
    protected NDArray loss(NDArray xb, NDArray yb) {
        return F.crossEntropy(model.forward(xb, numerics), yb);
    }

    /** The engine adds each backward pass to the gradients: clear them, like {@code p.grad = None}. */
    private static void zeroGradients(List<NDArray> parameters) {
        for (NDArray p : parameters) {
            JniUtils.zeroGrad((PtNDArray) p);
        }
    }

    /** The arithmetic of this trainer's steps. */
    public Numerics numerics() {
        return numerics;
    }

    /**
     * Draws the minibatches from {@code generator} instead of torch's global generator: a run trained beside
     * others ({@link dev.makemore.runs.Sweep}) draws from a stream of its own that continues the global one
     * exactly (see {@link TorchGenerator#continuing}), so it trains on the batches it would draw alone.
     */
    public Trainer drawBatchesFrom(TorchGenerator generator) {
        this.batches = generator;
        return this;
    }

    /** The generator the batches come from, or null for torch's global one. */
    public TorchGenerator batchGenerator() {
        return batches;
    }

    /** Wall-clock time spent in {@link #train(int)} so far, listeners included. */
    public java.time.Duration trainingTime() {
        return java.time.Duration.ofNanos(trainingNanos);
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
