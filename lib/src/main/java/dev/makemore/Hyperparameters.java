package dev.makemore;

import ai.djl.ndarray.NDManager;
import dev.makemore.data.Examples;
import dev.makemore.data.NameSequences;
import dev.makemore.nn.BatchNorm1d;
import dev.makemore.nn.ConvNet;
import dev.makemore.nn.Layer;
import dev.makemore.nn.Mlp;
import dev.makemore.nn.Models;
import dev.makemore.nn.Sequential;
import dev.makemore.train.ConvTrainer;
import dev.makemore.train.LearningRate;
import dev.makemore.train.LectureRun;
import dev.makemore.train.Trainer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that defines a training run: the network ({@link Architecture} and its sizes) and how it trains.
 * Notebooks, the CLI and the benchmark build their models and trainers from this one record, so a knob set in a
 * notebook's hyperparameter cell or on the command line reaches the op it names by plain method calls:
 * {@link #build} passes the sizes to the layers' constructors, {@link #trainer} passes the batch size, the
 * schedule and the {@link Numerics} to the {@link Trainer}.
 *
 * <p>Start from a lecture's settings ({@link LectureRun#settings()}) and change knobs with the methods named
 * after them, each returning a changed copy; finish with {@link #validate()}, which stops a combination that
 * cannot work with one line naming the knob and the rule:
 * <pre>
 * Hyperparameters hp = LectureRun.WAVENET.settings()
 *         .blockSize(16)       // a four-level tree
 *         .nHidden(100)
 *         .validate();
 * </pre>
 *
 * @param lecture the id of the {@link LectureRun} these settings started from; {@link #changes()} is measured
 *     against it, and the run history groups runs by it
 * @param model the network's architecture
 * @param init the MLP's initialisation (part 3's loss log); {@link Mlp.Init#PLAIN} for the other architectures
 * @param reduce what the BatchNorm layers of a 3-D activation reduce over ({@link BatchNorm1d.Reduce#BATCH_ONLY}
 *     is part 5's bug)
 * @param blockSize characters of context
 * @param nEmbd width of a character embedding
 * @param nHidden units per hidden layer
 * @param depth hidden Linear/BatchNorm/Tanh blocks of {@link Architecture#DEEP_BATCHNORM}; 1 for the others
 *     (a tree's depth follows from the context: {@link #levels()})
 * @param batchSize examples per step (names per step for {@link Architecture#CONV})
 * @param steps SGD steps
 * @param lr learning rate before {@code decayStep}
 * @param lrFinal learning rate from {@code decayStep} on
 * @param decayStep the step at which the rate drops
 * @param seed {@code torch.manual_seed} before the weights are drawn; the batches continue the stream
 * @param numerics the arithmetic of each step
 */
public record Hyperparameters(String lecture, Architecture model, Mlp.Init init, BatchNorm1d.Reduce reduce,
        int blockSize, int nEmbd, int nHidden, int depth, int batchSize, int steps, float lr, float lrFinal,
        int decayStep, long seed, Numerics numerics) {

    /** A knob that cannot take the value it was given; the message names the knob and the rule. */
    public static final class InvalidKnob extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String knob;

        InvalidKnob(String knob, String rule) {
            super(knob + ": " + rule);
            this.knob = knob;
        }

        /** The knob's name as the record spells it, e.g. {@code nHidden}. */
        public String knob() {
            return knob;
        }

        /** The rule alone, without the knob's name (for callers that name the knob their own way, like the CLI). */
        public String rule() {
            return getMessage().substring(knob.length() + 2);
        }
    }

    /** The record's knobs in the order the hyperparameter cells list them. */
    public static final List<String> KNOBS = List.of("blockSize", "nEmbd", "nHidden", "depth", "batchSize", "steps",
            "lr", "lrFinal", "decayStep", "seed", "numerics");

    public Hyperparameters {
        Objects.requireNonNull(lecture, "lecture");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(reduce, "reduce");
        Objects.requireNonNull(numerics, "numerics");
    }

    // ---- one method per knob, each returning a changed copy ----

    /** Characters of context. A tree ({@link Architecture#isTree()}) needs a power of two: 8 gives 3 levels, 16 gives 4. */
    public Hyperparameters blockSize(int blockSize) {
        return new Hyperparameters(lecture, model, init, reduce, blockSize, nEmbd, nHidden, depth, batchSize, steps, lr,
                lrFinal, decayStep, seed, numerics);
    }

    /** Width of a character embedding. */
    public Hyperparameters nEmbd(int nEmbd) {
        return new Hyperparameters(lecture, model, init, reduce, blockSize, nEmbd, nHidden, depth, batchSize, steps, lr,
                lrFinal, decayStep, seed, numerics);
    }

    /** Units per hidden layer. */
    public Hyperparameters nHidden(int nHidden) {
        return new Hyperparameters(lecture, model, init, reduce, blockSize, nEmbd, nHidden, depth, batchSize, steps, lr,
                lrFinal, decayStep, seed, numerics);
    }

    /** Hidden blocks of the deep BatchNorm net. */
    public Hyperparameters depth(int depth) {
        return new Hyperparameters(lecture, model, init, reduce, blockSize, nEmbd, nHidden, depth, batchSize, steps, lr,
                lrFinal, decayStep, seed, numerics);
    }

    /** Examples (for the convolution: names) per step. */
    public Hyperparameters batchSize(int batchSize) {
        return new Hyperparameters(lecture, model, init, reduce, blockSize, nEmbd, nHidden, depth, batchSize, steps, lr,
                lrFinal, decayStep, seed, numerics);
    }

    /** SGD steps. */
    public Hyperparameters steps(int steps) {
        return new Hyperparameters(lecture, model, init, reduce, blockSize, nEmbd, nHidden, depth, batchSize, steps, lr,
                lrFinal, decayStep, seed, numerics);
    }

    /** The step schedule: {@code lr} before {@code decayStep}, {@code lrFinal} from it on. */
    public Hyperparameters lr(float lr, float lrFinal, int decayStep) {
        return new Hyperparameters(lecture, model, init, reduce, blockSize, nEmbd, nHidden, depth, batchSize, steps, lr,
                lrFinal, decayStep, seed, numerics);
    }

    /** The seed set before the weights are drawn. */
    public Hyperparameters seed(long seed) {
        return new Hyperparameters(lecture, model, init, reduce, blockSize, nEmbd, nHidden, depth, batchSize, steps, lr,
                lrFinal, decayStep, seed, numerics);
    }

    /** EXACT (the lecture's operations) or FAST (fewer operations, other last bits). */
    public Hyperparameters numerics(Numerics numerics) {
        return new Hyperparameters(lecture, model, init, reduce, blockSize, nEmbd, nHidden, depth, batchSize, steps, lr,
                lrFinal, decayStep, seed, numerics);
    }

    /**
     * These knobs on another lecture's network: the architecture, initialisation and BatchNorm reduction of
     * {@code run}, everything else as here. Part 3's loss log trains its five networks this way.
     */
    public Hyperparameters as(LectureRun run) {
        Hyperparameters s = run.settings();
        return new Hyperparameters(s.lecture, s.model, s.init, s.reduce, blockSize, nEmbd, nHidden, s.depth, batchSize,
                steps, lr, lrFinal, decayStep, seed, numerics);
    }

    // ---- checks ----

    /**
     * Checks that a network can be built and trained with these settings.
     *
     * @return this record, so a hyperparameter cell can end with it
     * @throws InvalidKnob naming the first knob that does not fit, and the rule
     */
    public Hyperparameters validate() {
        require("steps", steps >= 1, "must be at least 1, got " + steps);
        require("batchSize", batchSize >= 2, "must be at least 2 (BatchNorm needs a variance, and the trainer draws "
                + "at least two examples), got " + batchSize);
        require("lr", Float.isFinite(lr) && lr > 0, "must be a positive number, got " + lr);
        require("lrFinal", Float.isFinite(lrFinal) && lrFinal > 0, "must be a positive number, got " + lrFinal);
        require("decayStep", decayStep >= 0, "must be 0 or more, got " + decayStep);
        require("blockSize", blockSize >= 1, "must be at least 1, got " + blockSize);
        if (model == Architecture.BIGRAM) {
            require("blockSize", blockSize == 1, "the bigram reads one character, so it must be 1, got " + blockSize);
            return this;
        }
        require("nEmbd", nEmbd >= 1, "must be at least 1, got " + nEmbd);
        require("nHidden", nHidden >= 1, "must be at least 1, got " + nHidden);
        require("depth", depth >= 1, "must be at least 1, got " + depth);
        if (model != Architecture.DEEP_BATCHNORM) {
            require("depth", depth == 1, model.label() + " has no depth knob (only deep_batchnorm has; "
                    + (model.isTree() ? "a tree's depth follows blockSize" : "it has one hidden layer") + "), got " + depth);
        }
        if (model.isTree()) {
            require("blockSize", blockSize >= 2 && Integer.bitCount(blockSize) == 1, "a hierarchical model fuses "
                    + "neighbours pairwise, one FlattenConsecutive(2) level per halving, so it must be a power of two "
                    + "(8 -> 3 levels, 16 -> 4, 32 -> 5), got " + blockSize);
        }
        long weights = (long) blockSize * nEmbd * nHidden;
        require("nHidden", weights <= Integer.MAX_VALUE, "blockSize x nEmbd x nHidden = " + weights
                + " weights in one matrix is more than a Java array holds");
        return this;
    }

    private static void require(String knob, boolean ok, String rule) {
        if (!ok) {
            throw new InvalidKnob(knob, rule);
        }
    }

    /** FlattenConsecutive(2) levels of a tree: log2 of the context (3 for 8 characters). */
    public int levels() {
        return model.isTree() ? Integer.numberOfTrailingZeros(blockSize) : 1;
    }

    // ---- what the knobs build ----

    /** The learning rate at each step. */
    public LearningRate schedule() {
        return LearningRate.step(lr, lrFinal, decayStep);
    }

    /**
     * The network with fresh weights drawn from the global generator in the lecture's order (seed first:
     * {@code Torch.seed(hp.seed())}).
     */
    public Layer build(int vocabSize, NDManager manager) {
        validate();
        return switch (model) {
            case BIGRAM -> Models.bigram(vocabSize, manager);
            case MLP -> new Mlp(vocabSize, blockSize, nEmbd, nHidden, init, manager);
            case BATCHNORM_MLP -> Models.batchNormMlp(vocabSize, blockSize, nEmbd, nHidden, manager);
            case DEEP_BATCHNORM, FLAT, HIERARCHICAL -> sequential(vocabSize, manager);
            case CONV -> conv(vocabSize, manager);
        };
    }

    /** {@link #build} for the architectures made of layer classes: deep BatchNorm, flat and hierarchical. */
    public Sequential sequential(int vocabSize, NDManager manager) {
        validate();
        return switch (model) {
            case DEEP_BATCHNORM -> Models.deepBatchNorm(vocabSize, blockSize, nEmbd, nHidden, depth, manager);
            case FLAT -> Models.flat(vocabSize, blockSize, nEmbd, nHidden, manager);
            case HIERARCHICAL -> Models.hierarchical(vocabSize, blockSize, nEmbd, nHidden, reduce, manager);
            default -> throw new IllegalStateException(model.label() + " is not a Sequential of layers");
        };
    }

    /** {@link #build} for the convolution: the hierarchical layers, run over whole names. */
    public ConvNet conv(int vocabSize, NDManager manager) {
        validate();
        if (model != Architecture.CONV) {
            throw new IllegalStateException(model.label() + " is not the convolution model");
        }
        return ConvNet.of(Models.hierarchical(vocabSize, blockSize, nEmbd, nHidden, reduce, manager));
    }

    /** A trainer for {@code model} on context windows, with this record's batch size, schedule and numerics. */
    public Trainer trainer(Layer model, Examples train) {
        validate();
        return new Trainer(model, train, batchSize, schedule(), numerics);
    }

    /** A trainer for the convolution on whole names, with this record's batch size, schedule and numerics. */
    public ConvTrainer trainer(ConvNet model, NameSequences train, NDManager manager) {
        validate();
        return new ConvTrainer(model, train, batchSize, schedule(), manager, numerics);
    }

    // ---- comparing and storing ----

    /** The knobs as text, in {@link #KNOBS} order, preceded by the lecture, architecture, init and reduction. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("lecture", lecture);
        m.put("model", model.label());
        m.put("init", init.name().toLowerCase(Locale.ROOT));
        m.put("reduce", reduce.name().toLowerCase(Locale.ROOT));
        m.put("blockSize", Integer.toString(blockSize));
        m.put("nEmbd", Integer.toString(nEmbd));
        m.put("nHidden", Integer.toString(nHidden));
        m.put("depth", Integer.toString(depth));
        m.put("batchSize", Integer.toString(batchSize));
        m.put("steps", Integer.toString(steps));
        m.put("lr", Float.toString(lr));
        m.put("lrFinal", Float.toString(lrFinal));
        m.put("decayStep", Integer.toString(decayStep));
        m.put("seed", Long.toString(seed));
        m.put("numerics", numerics.label());
        return m;
    }

    /**
     * Reads {@link #toMap()}'s pairs back. Entries that are missing take the lecture's value (so older files
     * without {@code numerics} read as EXACT).
     *
     * @throws IllegalArgumentException naming an unknown lecture or a malformed entry
     */
    public static Hyperparameters fromMap(Map<String, String> m) {
        String id = m.get("lecture");
        if (id == null) {
            throw new IllegalArgumentException("hyperparameter 'lecture' is missing");
        }
        Hyperparameters d = LectureRun.byId(id).settings();
        try {
            return new Hyperparameters(id,
                    m.containsKey("model") ? Architecture.parse(m.get("model")) : d.model,
                    m.containsKey("init") ? Mlp.Init.valueOf(m.get("init").toUpperCase(Locale.ROOT)) : d.init,
                    m.containsKey("reduce") ? BatchNorm1d.Reduce.valueOf(m.get("reduce").toUpperCase(Locale.ROOT)) : d.reduce,
                    intOr(m, "blockSize", d.blockSize), intOr(m, "nEmbd", d.nEmbd), intOr(m, "nHidden", d.nHidden),
                    intOr(m, "depth", d.depth), intOr(m, "batchSize", d.batchSize), intOr(m, "steps", d.steps),
                    m.containsKey("lr") ? Float.parseFloat(m.get("lr")) : d.lr,
                    m.containsKey("lrFinal") ? Float.parseFloat(m.get("lrFinal")) : d.lrFinal,
                    intOr(m, "decayStep", d.decayStep),
                    m.containsKey("seed") ? Long.parseLong(m.get("seed")) : d.seed,
                    m.containsKey("numerics") ? Numerics.parse(m.get("numerics")) : Numerics.EXACT);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed hyperparameter: " + e.getMessage(), e);
        }
    }

    private static int intOr(Map<String, String> m, String key, int fallback) {
        String v = m.get(key);
        return v == null ? fallback : Integer.parseInt(v);
    }

    /** The lecture's settings these started from. */
    public Hyperparameters defaults() {
        return LectureRun.byId(lecture).settings();
    }

    /**
     * What differs from the lecture's settings, one entry per knob, e.g. {@code "nHidden 200 → 100"}; empty at
     * the lecture's settings.
     */
    public List<String> changes() {
        return changesFrom(defaults());
    }

    /** What differs from {@code base}, one {@code "knob old → new"} entry per knob. */
    public List<String> changesFrom(Hyperparameters base) {
        Map<String, String> was = base.toMap();
        Map<String, String> now = toMap();
        List<String> out = new ArrayList<>();
        now.forEach((knob, value) -> {
            if (!knob.equals("lecture") && !value.equals(was.get(knob))) {
                out.add(knob + " " + readable(knob, was.get(knob)) + " → " + readable(knob, value));
            }
        });
        return out;
    }

    /** Step counts with thousands separators, everything else as stored. */
    private static String readable(String knob, String value) {
        if (value != null && (knob.equals("steps") || knob.equals("decayStep"))) {
            return String.format(Locale.ROOT, "%,d", Long.parseLong(value));
        }
        return value;
    }

    /** The lecture id, then the changes: {@code "wavenet: nHidden 128 → 100"}, or {@code "wavenet (lecture settings)"}. */
    public String describe() {
        List<String> c = changes();
        return c.isEmpty() ? lecture + " (lecture settings)" : lecture + ": " + String.join(", ", c);
    }
}
