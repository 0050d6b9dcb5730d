package dev.makemore.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.makemore.Hyperparameters;
import dev.makemore.NumericPath;
import dev.makemore.Numerics;
import dev.makemore.Torch;
import dev.makemore.data.Datasets;
import dev.makemore.data.Datasets.SplitName;
import dev.makemore.data.NameSequences;
import dev.makemore.data.Names;
import dev.makemore.data.Split;
import dev.makemore.data.Vocab;
import dev.makemore.nn.ConvNet;
import dev.makemore.nn.Layer;
import dev.makemore.train.ConvTrainer;
import dev.makemore.train.Evaluator;
import dev.makemore.train.LearningRate;
import dev.makemore.train.Trainer;
import java.nio.file.Path;
import java.util.List;

/**
 * One CLI run's model and data: the names file, its vocabulary and lecture split, the examples the model
 * reads (context windows, or whole names for conv), and the model itself, freshly seeded or restored from
 * a checkpoint. Owns the native memory of all of them.
 */
final class Session implements AutoCloseable {

    final ModelKind kind;
    final Hyperparameters hyperparameters;
    final Vocab vocab;
    final Layer model;
    private final NDManager manager;
    private final List<String> words;
    private Split split;
    private Datasets windows;

    private Session(ModelKind kind, Hyperparameters h, Vocab vocab, List<String> words, NDManager manager) {
        this.kind = kind;
        this.hyperparameters = h;
        this.vocab = vocab;
        this.words = words;
        this.manager = manager;
        Torch.seed(h.seed());
        this.model = h.build(vocab.size(), manager);
    }

    /** A fresh model with seeded initial weights, on the names in {@code namesFile} (or the default file). */
    static Session fresh(ModelKind kind, Hyperparameters h, Path namesFile) {
        List<String> words = loadNames(namesFile);
        return new Session(kind, h, Vocab.of(words), words, Torch.newManager());
    }

    /**
     * The model of a checkpoint. With {@code namesFile} (or the default names file, when {@code needData})
     * the data is loaded too and its vocabulary must be the checkpoint's.
     */
    static Session restore(Checkpoint ckpt, Path ckptFile, Path namesFile, boolean needData) {
        ModelKind kind = ModelKind.of(ckpt.hyperparameters());
        List<String> words = needData ? loadNames(namesFile) : null;
        Vocab vocab = vocabOf(ckpt.vocabulary(), ckptFile);
        if (words != null && !Vocab.of(words).symbols().equals(vocab.symbols())) {
            throw new UsageException("checkpoint " + ckptFile + " was trained on another character set than the names file ("
                    + vocab.size() + " vs " + Vocab.of(words).size() + " symbols)");
        }
        Session s = new Session(kind, ckpt.hyperparameters(), vocab, words, Torch.newManager());
        try {
            ModelState.restore(s.model, ckpt, ckptFile);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private static Vocab vocabOf(List<String> symbols, Path file) {
        if (symbols.isEmpty() || !".".equals(symbols.get(0))) {
            throw new UsageException("checkpoint " + file + " has no valid vocabulary ('.' must come first)");
        }
        Vocab v = Vocab.of(List.of(String.join("", symbols.subList(1, symbols.size()))));
        if (!v.symbols().equals(symbols)) {
            throw new UsageException("checkpoint " + file + " has an unsorted or repeated vocabulary");
        }
        return v;
    }

    /** The words of {@code file}, or of the default names file; a missing or bad file is a {@link UsageException}. */
    static List<String> loadNames(Path file) {
        try {
            return Names.load(namesFile(file));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** {@code file}, or the default names file ({@code $MAKEMORE_NAMES}, data/names.txt) when it is null. */
    static Path namesFile(Path file) {
        try {
            return file != null ? file : Names.defaultPath();
        } catch (IllegalStateException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    private Split split() {
        if (words == null) {
            throw new IllegalStateException("this session was opened without data");
        }
        if (split == null) {
            split = Split.of(words);
        }
        return split;
    }

    private Datasets windows() {
        if (windows == null) {
            windows = Datasets.of(words, hyperparameters.blockSize(), manager);
        }
        return windows;
    }

    private NameSequences names(SplitName name) {
        List<String> w = switch (name) {
            case TRAIN -> split().train();
            case DEV -> split().dev();
            case TEST -> split().test();
        };
        return NameSequences.of(w, vocab, ((ConvNet) model).padding());
    }

    /** The model as a window model ({@code [B, block]} in, {@code [B, vocab]} out), for the name sampler. */
    Layer windowModel() {
        return model instanceof ConvNet conv ? conv.lastPosition() : model;
    }

    /** The lecture's {@code split_loss} of the current model (puts it in eval mode). */
    float splitLoss(SplitName name) {
        return kind.readsWholeNames() ? ConvTrainer.splitLoss((ConvNet) model, names(name))
                : Evaluator.splitLoss(model, windows().get(name));
    }

    /**
     * Prints the train, val and test loss, one {@code "train loss 1.769028"} line each (the lecture's float to
     * six decimals), then the numeric path they were computed on: their last digits depend on it.
     */
    float[] printSplitLosses(java.io.PrintWriter out) {
        float[] losses = new float[SplitName.values().length];
        for (SplitName split : SplitName.values()) {
            losses[split.ordinal()] = splitLoss(split);
            out.printf("%-5s loss %.6f%n", split.label(), losses[split.ordinal()]);
        }
        out.printf("numeric path: %s%n", NumericPath.current());
        return losses;
    }

    /**
     * A trainer over the training split with the run's batch size and numerics; step {@code i} of it is step
     * {@code start + i} of the run's schedule.
     */
    Trainer trainer(int start) {
        Numerics numerics = hyperparameters.numerics();
        LearningRate full = hyperparameters.schedule();
        LearningRate shifted = i -> full.at(start + i);
        int batch = hyperparameters.batchSize();
        return kind.readsWholeNames()
                ? new ConvTrainer((ConvNet) model, names(SplitName.TRAIN), batch, shifted, manager, numerics)
                : new Trainer(model, windows().train(), batch, shifted, numerics);
    }

    /**
     * Moves the generator to where it was after {@code steps} steps: the trainer draws one
     * {@code randint(0, n, (batch,))} per step, so redraw that many (the weights were drawn at construction).
     */
    void replayBatchDraws(int steps) {
        long n = kind.readsWholeNames() ? split().train().size() : windows().train().size();
        Shape shape = new Shape(hyperparameters.batchSize());
        for (int i = 0; i < steps; i++) {
            manager.randomInteger(0, n, shape, DataType.INT64).close();
        }
    }

    /** A checkpoint of the current model after {@code step} steps. */
    Checkpoint checkpoint(Hyperparameters h, int step) {
        return new Checkpoint(h, vocab.symbols(), step, ModelState.parameters(model), ModelState.buffers(model));
    }

    @Override
    public void close() {
        manager.close();
    }
}
