package dev.makemore.words;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.makemore.Torch;
import dev.makemore.data.CharDataset;
import dev.makemore.data.NameSequences;
import dev.makemore.data.TorchGenerator;
import dev.makemore.data.WordList;
import dev.makemore.sample.Multinomial;
import dev.makemore.train.LossHistory;
import dev.makemore.zoo.AdamW;
import dev.makemore.zoo.SequenceLoss;
import dev.makemore.zoo.SequenceModel;
import dev.makemore.zoo.ZooConfig;
import dev.makemore.zoo.ZooModels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * makemore.py's program as a library: any word list, any of its model types, AdamW, and its evaluation and
 * sampling, drawing every random number where makemore.py draws it.
 *
 * <p>The order of draws, all from seed {@code s}:
 * <ol>
 *   <li>{@code torch.manual_seed(s)}; the split is {@code torch.randperm(n)}, the global generator's first draws;
 *   <li>the model's initial weights ({@link ZooModels}), in PyTorch's module order;
 *   <li>the training batches come from a generator of their own, which PyTorch's {@code RandomSampler} seeds with
 *       a 63-bit number from the global generator ({@code torch.empty((), dtype=torch.int64).random_()}), drawn
 *       right after the one {@code iter(DataLoader)} draws as its workers' base seed; each batch is the next
 *       {@code batchSize} values of {@code randint(0, len(train))} from it;
 *   <li>each evaluation draws two more such numbers (its {@code DataLoader}'s base seed, then its sampler's seed,
 *       which seeds its {@code randperm}), and
 *       scores the first 11 batches of 100 words (makemore.py's {@code max_batches=10} stops after the eleventh);
 *   <li>sampling draws from the global generator ({@code torch.multinomial}).
 * </ol>
 * The global generator's position cannot be read through DJL, so a 63-bit draw finds it with
 * {@link TorchGenerator#continuing}, takes the value from a Java copy of the stream, and puts the global generator
 * where the draw leaves it ({@link TorchGenerator#placeGlobal}).
 */
public final class MakemoreRun {

    /** Words per evaluation batch and the batches makemore.py's evaluation scores (its break comes after the 11th). */
    public static final int EVAL_BATCH = 100;
    /** makemore.py's {@code max_batches=10}. */
    public static final int EVAL_MAX_BATCHES = 10;

    private final WordList words;
    private final MakemoreSettings settings;
    private final NDManager manager;
    private final CharDataset train;
    private final CharDataset test;
    private final SequenceModel model;
    private final AdamW optimizer;
    private final TorchGenerator batches;
    private final Set<String> trainWords;
    private final Set<String> testWords;
    private final LossHistory history = new LossHistory();
    private int step;
    private long trainingNanos;

    /** Splits {@code words}, builds the model and the optimiser and seeds the batch sampler, as makemore.py does. */
    public MakemoreRun(WordList words, MakemoreSettings settings, NDManager manager) {
        this.words = words;
        this.settings = settings.validate();
        this.manager = manager;
        Torch.seed(settings.seed());
        TorchGenerator split = new TorchGenerator(settings.seed());
        List<List<String>> parts = CharDataset.split(words, split);
        TorchGenerator.placeGlobal(settings.seed(), split.position(), manager); // the global stream past the randperm
        train = CharDataset.of(parts.get(0), words);
        test = CharDataset.of(parts.get(1), words);
        trainWords = new HashSet<>(parts.get(0));
        testWords = new HashSet<>(parts.get(1));
        ZooConfig config = new ZooConfig(settings.type(), words.vocabSize(), words.maxLength() + 1, settings.nLayer(),
                settings.nHead(), settings.nEmbd(), settings.nEmbd2()).validate();
        model = ZooModels.build(config, manager);
        optimizer = new AdamW(model.parameters(), settings.lr(), AdamW.BETA1, AdamW.BETA2, AdamW.EPS, settings.weightDecay());
        batches = new TorchGenerator(loaderSeed());
    }

    /**
     * The seed of a {@code DataLoader}'s {@code RandomSampler}: {@code iter(loader)} first draws the loader's base
     * seed (for workers, unused here) from the global generator, and the sampler draws its own on the first batch.
     */
    private long loaderSeed() {
        globalInt64(); // _BaseDataLoaderIter's _base_seed
        return globalInt64();
    }

    /**
     * {@code torch.empty((), dtype=torch.int64).random_()}: a 64-bit draw of the global generator, reduced to 63 bits.
     */
    private long globalInt64() {
        TorchGenerator here = TorchGenerator.continuing(settings.seed(), Long.MAX_VALUE, manager);
        long at = here.position();
        long value = here.random64() & Long.MAX_VALUE;
        TorchGenerator.placeGlobal(settings.seed(), at + 2, manager);
        return value;
    }

    /** One step: the next batch of training words, forward, the masked cross-entropy, backward, AdamW. Returns the loss. */
    @SuppressWarnings("try") // the scope frees the step's arrays
    public float step() {
        long started = System.nanoTime();
        float loss;
        int b = settings.batchSize();
        int t = train.width();
        try (NDScope ignored = new NDScope()) {
            long[] rows = batches.randint(train.size(), b);
            NDArray x = NameSequences.owned(manager.create(train.gather(rows, false), new Shape(b, t)));
            NDArray y = NameSequences.owned(manager.create(train.gather(rows, true), new Shape(b, t)));
            model.train(true);
            boolean gradMode = JniUtils.isGradMode();
            JniUtils.setGradMode(true);
            NDArray lossArray;
            try {
                lossArray = SequenceLoss.crossEntropy(model.forward(x), y);
                JniUtils.backward((PtNDArray) lossArray, (PtNDArray) lossArray.onesLike(), false, false);
            } finally {
                JniUtils.setGradMode(gradMode);
            }
            loss = lossArray.getFloat();
            optimizer.step();
            optimizer.zeroGrad();
        }
        history.add(loss);
        step++;
        trainingNanos += System.nanoTime() - started;
        return loss;
    }

    /**
     * makemore.py's {@code evaluate(model, split, batch_size=100, max_batches=10)}: the mean of the first 11 batch
     * losses of a shuffled pass over {@code split} (the shuffle's seed is drawn from the global generator).
     */
    @SuppressWarnings("try")
    public float evaluate(CharDataset split) {
        int[] order = new TorchGenerator(loaderSeed()).randperm(split.size());
        int t = split.width();
        List<Float> losses = new ArrayList<>();
        Torch.noGrad(() -> {
            for (int i = 0, from = 0; from < split.size(); i++, from += EVAL_BATCH) {
                try (NDScope ignored = new NDScope()) {
                    int n = Math.min(EVAL_BATCH, split.size() - from);
                    long[] rows = new long[n];
                    for (int k = 0; k < n; k++) {
                        rows[k] = order[from + k];
                    }
                    NDArray x = manager.create(split.gather(rows, false), new Shape(n, t));
                    NDArray y = manager.create(split.gather(rows, true), new Shape(n, t));
                    losses.add(SequenceLoss.crossEntropy(model.forward(x), y).getFloat());
                }
                if (i >= EVAL_MAX_BATCHES) {
                    break;
                }
            }
        });
        float[] values = new float[losses.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = losses.get(i);
        }
        try (NDArray a = manager.create(values)) {
            return a.mean().getFloat(); // torch.tensor(losses).mean()
        }
    }

    /** One sampled word per row; see {@link #sample(int)}. */
    public record Samples(List<String> inTrain, List<String> inTest, List<String> fresh) {}

    /**
     * makemore.py's {@code print_samples}: {@code num} words generated from the start token, the last {@code blockSize}
     * tokens as context, logits divided by the temperature, cut to the top k, one {@code torch.multinomial} draw per
     * word and position from the global generator; each word cut at its first end token. Grouped as makemore.py
     * prints them: words of the training set, of the test set, and new ones.
     */
    @SuppressWarnings("try")
    public Samples sample(int num) {
        List<String> all = generate(num);
        List<String> inTrain = new ArrayList<>();
        List<String> inTest = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        for (String w : all) {
            (trainWords.contains(w) ? inTrain : testWords.contains(w) ? inTest : fresh).add(w);
        }
        return new Samples(inTrain, inTest, fresh);
    }

    /** {@code num} words, in order. */
    public List<String> generate(int num) {
        return generate(model, words, num, settings.topK(), settings.temperature(), manager);
    }

    /**
     * {@code num} words from {@code model} (a model of {@code vocab}'s characters, rows as long as its longest word
     * plus one), drawn from torch's global generator: see {@link #sample(int)}.
     */
    @SuppressWarnings("try")
    public static List<String> generate(SequenceModel model, WordList vocab, int num, int topK, double temperature,
            NDManager manager) {
        int block = model.blockSize();
        int steps = vocab.maxLength();
        long[][] idx = new long[num][steps + 1];
        Torch.noGrad(() -> {
            for (int s = 0; s < steps; s++) {
                int len = s + 1;
                int from = Math.max(0, len - block);
                int width = len - from;
                long[] cond = new long[num * width];
                for (int r = 0; r < num; r++) {
                    System.arraycopy(idx[r], from, cond, r * width, width);
                }
                try (NDScope ignored = new NDScope()) {
                    NDArray logits = model.forward(manager.create(cond, new Shape(num, width)))
                            .get(":, -1, :").div((float) temperature);
                    int v = (int) logits.getShape().get(1);
                    if (topK > 0 && topK < v) {
                        // logits[logits < v[:, [-1]]] = -inf, v the top k of each row
                        float[] l = logits.toFloatArray();
                        for (int r = 0; r < num; r++) {
                            float[] row = java.util.Arrays.copyOfRange(l, r * v, (r + 1) * v);
                            java.util.Arrays.sort(row);
                            float kth = row[v - topK];
                            for (int c = 0; c < v; c++) {
                                if (l[r * v + c] < kth) {
                                    l[r * v + c] = Float.NEGATIVE_INFINITY;
                                }
                            }
                        }
                        logits = manager.create(l, new Shape(num, v));
                    }
                    float[] probs = logits.softmax(1).toFloatArray();
                    for (int r = 0; r < num; r++) {
                        float[] row = java.util.Arrays.copyOfRange(probs, r * v, (r + 1) * v);
                        idx[r][s + 1] = Multinomial.sample(row, manager);
                    }
                }
            }
        });
        List<String> out = new ArrayList<>();
        for (long[] row : idx) {
            int[] tokens = new int[row.length - 1];
            for (int i = 1; i < row.length; i++) {
                tokens[i - 1] = (int) row[i];
            }
            out.add(vocab.decode(tokens));
        }
        return out;
    }

    /** The mean loss over every scored position of {@code split} (all its words, in batches), without training. */
    @SuppressWarnings("try")
    public float loss(CharDataset split) {
        int t = split.width();
        double[] sum = new double[2];
        Torch.noGrad(() -> {
            for (int from = 0; from < split.size(); from += 1_000) {
                try (NDScope ignored = new NDScope()) {
                    int n = Math.min(1_000, split.size() - from);
                    long[] rows = new long[n];
                    for (int k = 0; k < n; k++) {
                        rows[k] = from + k;
                    }
                    long[] targets = split.gather(rows, true);
                    long scored = java.util.Arrays.stream(targets).filter(y -> y != SequenceLoss.IGNORE).count();
                    NDArray x = manager.create(split.gather(rows, false), new Shape(n, t));
                    NDArray y = manager.create(targets, new Shape(n, t));
                    sum[0] += (double) SequenceLoss.crossEntropy(model.forward(x), y).getFloat() * scored;
                    sum[1] += scored;
                }
            }
        });
        return (float) (sum[0] / sum[1]);
    }

    /** The settings. */
    public MakemoreSettings settings() {
        return settings;
    }

    /** The model. */
    public SequenceModel model() {
        return model;
    }

    /** The optimiser (its state, for a checkpoint). */
    public AdamW optimizer() {
        return optimizer;
    }

    /** The training split's examples. */
    public CharDataset train() {
        return train;
    }

    /** The test split's examples. */
    public CharDataset test() {
        return test;
    }

    /** The word list. */
    public WordList words() {
        return words;
    }

    /** Steps done. */
    public int steps() {
        return step;
    }

    /** Every step's loss. */
    public LossHistory history() {
        return history;
    }

    /** Time spent in {@link #step()}. */
    public Duration trainingTime() {
        return Duration.ofNanos(trainingNanos);
    }
}
