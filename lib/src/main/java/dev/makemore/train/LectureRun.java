package dev.makemore.train;

import ai.djl.ndarray.NDManager;
import dev.makemore.Architecture;
import dev.makemore.Hyperparameters;
import dev.makemore.LectureNumbers;
import dev.makemore.Numerics;
import dev.makemore.LectureNumbers.SplitLosses;
import dev.makemore.Torch;
import dev.makemore.data.Datasets;
import dev.makemore.data.Names;
import dev.makemore.nn.BatchNorm1d;
import dev.makemore.nn.Layer;
import dev.makemore.nn.Mlp;
import dev.makemore.sample.NameSampler;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The lectures' training runs: the one catalogue of their settings ({@link Hyperparameters}: network, sizes,
 * seed, schedule) and the numbers to compare against. Notebooks start their hyperparameter cells from these,
 * the CLI's defaults are these, the benchmark trains these. {@code main} runs one from the command line, e.g.
 * {@code java ... dev.makemore.train.LectureRun wavenet} (3-4 minutes for 200,000 steps).
 */
public enum LectureRun {
    /** Part 1's neural bigram, on minibatches (the lecture trains it full-batch with lr 50; no lecture number). */
    BIGRAM("bigram", settings("bigram", Architecture.BIGRAM, Mlp.Init.PLAIN, 1, 0, 0, 1, 256, 20_000, 10f, 1f, 15_000,
            LectureRun.GENERATOR_SEED), null),
    /** Part 2's MLP, plain init (part 3's "original" line). */
    MLP("mlp", mlp("mlp", Mlp.Init.PLAIN), LectureNumbers.MLP),
    /** Part 3: output layer scaled down. */
    MLP_SOFTMAX_FIX("mlp-softmax-fix", mlp("mlp-softmax-fix", Mlp.Init.SOFTMAX_FIX), LectureNumbers.MLP_SOFTMAX_FIX),
    /** Part 3: hidden layer scaled down too. */
    MLP_TANH_FIX("mlp-tanh-fix", mlp("mlp-tanh-fix", Mlp.Init.TANH_FIX), LectureNumbers.MLP_TANH_FIX),
    /** Part 3: Kaiming init. */
    MLP_KAIMING("mlp-kaiming", mlp("mlp-kaiming", Mlp.Init.KAIMING), LectureNumbers.MLP_KAIMING),
    /** Part 3: MLP with the hand-written batch norm (12,097 parameters). */
    BN_MLP("bn-mlp", settings("bn-mlp", Architecture.BATCHNORM_MLP, Mlp.Init.PLAIN, 3, 10, 200, 1, 32, 200_000, 0.1f,
            0.01f, 100_000, LectureRun.GENERATOR_SEED), LectureNumbers.BN_MLP),
    /** Part 3: the six-layer Linear/BatchNorm/Tanh net, 47,024 parameters (the notebook stops it after 1,001 steps). */
    DEEP_BN("deep-bn", settings("deep-bn", Architecture.DEEP_BATCHNORM, Mlp.Init.PLAIN, 3, 10, 100, 5, 32, 200_000,
            0.1f, 0.01f, 150_000, LectureRun.GENERATOR_SEED), LectureNumbers.DEEP_BN),
    /** Part 3's deep net as its diagnostics section trains it: stopped after 1,001 steps (the lecture's {@code break}). */
    DEEP_BN_1K("deep-bn-1k", settings("deep-bn-1k", Architecture.DEEP_BATCHNORM, Mlp.Init.PLAIN, 3, 10, 100, 5, 32, 1_001,
            0.1f, 0.01f, 150_000, LectureRun.GENERATOR_SEED), LectureNumbers.DEEP_BN_1K),
    /** Part 5: 8-character context, flat (22,097 parameters). */
    FLAT("flat", part5("flat", Architecture.FLAT, 10, 200, BatchNorm1d.Reduce.BATCH_AND_TIME), LectureNumbers.FLAT),
    /** Part 5: hierarchical, BatchNorm over dim 0 only (22,397 parameters). */
    HIERARCHICAL_BN_BUG("hierarchical-bn-bug", part5("hierarchical-bn-bug", Architecture.HIERARCHICAL, 10, 68,
            BatchNorm1d.Reduce.BATCH_ONLY), LectureNumbers.HIERARCHICAL_BN_BUG),
    /** Part 5: hierarchical, BatchNorm fixed (22,397 parameters). */
    HIERARCHICAL("hierarchical", part5("hierarchical", Architecture.HIERARCHICAL, 10, 68,
            BatchNorm1d.Reduce.BATCH_AND_TIME), LectureNumbers.HIERARCHICAL),
    /** Part 5: the scaled-up WaveNet (76,579 parameters). */
    WAVENET("wavenet", part5("wavenet", Architecture.HIERARCHICAL, 24, 128, BatchNorm1d.Reduce.BATCH_AND_TIME),
            LectureNumbers.WAVENET),
    /**
     * The WaveNet as a dilated causal convolution over whole names (no lecture number). A batch is 32 names
     * (about 228 scored characters, 7.13 per name on average), so 28,000 steps see 32 x 28,000 x 7.13 = 6.39M
     * characters, the WaveNet's 200,000 x 32 = 6.4M; the learning rate drops at 3/4 of the run as there.
     */
    CONV("conv", part5("conv", Architecture.CONV, 24, 128, BatchNorm1d.Reduce.BATCH_AND_TIME)
            .steps(28_000).lr(0.1f, 0.01f, 21_000), null);

    /** The seed of {@code torch.Generator().manual_seed(2147483647)} in parts 1-3. */
    public static final long GENERATOR_SEED = 2147483647L;

    private final String id;
    private final Hyperparameters settings;
    private final SplitLosses lecture;

    LectureRun(String id, Hyperparameters settings, SplitLosses lecture) {
        this.id = id;
        this.settings = settings;
        this.lecture = lecture;
    }

    private static Hyperparameters settings(String id, Architecture model, Mlp.Init init, int blockSize, int nEmbd,
            int nHidden, int depth, int batchSize, int steps, float lr, float lrFinal, int decayStep, long seed) {
        return new Hyperparameters(id, model, init, BatchNorm1d.Reduce.BATCH_AND_TIME, blockSize, nEmbd, nHidden, depth,
                batchSize, steps, lr, lrFinal, decayStep, seed, Numerics.EXACT);
    }

    /** Parts 2-3's MLP: block 3, n_embd 10, n_hidden 200 (11,897 parameters), 0.1 then 0.01 from step 100,000. */
    private static Hyperparameters mlp(String id, Mlp.Init init) {
        return settings(id, Architecture.MLP, init, 3, 10, 200, 1, 32, 200_000, 0.1f, 0.01f, 100_000, GENERATOR_SEED);
    }

    /** Part 5's runs: block 8, seed 42, 0.1 then 0.01 from step 150,000. */
    private static Hyperparameters part5(String id, Architecture model, int nEmbd, int nHidden, BatchNorm1d.Reduce reduce) {
        return new Hyperparameters(id, model, Mlp.Init.PLAIN, reduce, 8, nEmbd, nHidden, 1, 32, 200_000, 0.1f, 0.01f,
                150_000, 42L, Numerics.EXACT);
    }

    /** The command-line name, e.g. {@code wavenet}. */
    public String id() {
        return id;
    }

    /** The lecture's settings: start a notebook's hyperparameter cell or a CLI run from these. */
    public Hyperparameters settings() {
        return settings;
    }

    /** Context length. */
    public int blockSize() {
        return settings.blockSize();
    }

    /** The seed set before the model is built; batches continue the same stream. */
    public long seed() {
        return settings.seed();
    }

    /** The lecture's schedule, e.g. 0.1 before step 150,000 and 0.01 from it on. */
    public LearningRate learningRate() {
        return settings.schedule();
    }

    /** The lecture's losses for this run; null for the runs the lecture does not report (bigram, conv). */
    public SplitLosses lecture() {
        return lecture;
    }

    /** Builds the model; seed first ({@link #seed()}) to get the lecture's parameters. */
    public Layer model(int vocabSize, NDManager manager) {
        return settings.build(vocabSize, manager);
    }

    /** The run named {@code id}, e.g. {@code "wavenet"}. */
    public static LectureRun byId(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown lecture run '" + id + "'; choose one of "
                        + Arrays.stream(values()).map(LectureRun::id).toList()));
    }

    /** The trained model (in eval mode), its loss history, final losses and how long training took. */
    public record Result(Layer model, LossHistory history, float train, float val, float test, Duration trainingTime) {}

    /**
     * Seeds, builds the model, trains {@code steps} steps printing the loss every 10,000, and evaluates all
     * three splits. The model is left in eval mode in {@code manager}'s care.
     */
    public Result run(Datasets data, int steps, NDManager manager, PrintStream log) {
        Hyperparameters h = settings.steps(steps);
        Torch.seed(h.seed());
        Layer model = h.build(data.vocab().size(), manager);
        long start = System.nanoTime();
        LossHistory history = h.trainer(model, data.train())
                .onStep(StepListener.printing(10_000, log))
                .train(steps);
        Duration time = Duration.ofNanos(System.nanoTime() - start);
        return new Result(model, history, Evaluator.splitLoss(model, data.train()), Evaluator.splitLoss(model, data.dev()),
                Evaluator.splitLoss(model, data.test()), time);
    }

    /**
     * Runs a lecture from the command line: {@code LectureRun <id> [steps]}. Prints the losses next to the
     * lecture's, the training time, and 20 sampled names.
     */
    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: LectureRun <" + String.join("|", Arrays.stream(values()).map(LectureRun::id).toList())
                    + "> [steps, default: the lecture's]");
            System.exit(2);
        }
        LectureRun run = byId(args[0]);
        int steps = args.length == 2 ? Integer.parseInt(args[1]) : run.settings().steps();
        try (NDManager manager = Torch.newManager()) {
            Datasets data = Datasets.of(Names.loadDefault(), run.blockSize(), manager);
            Result r = run.run(data, steps, manager, System.out);
            System.out.printf("%s, %d steps in %.1f s%n", run.id, steps, r.trainingTime().toMillis() / 1000.0);
            System.out.printf("train %s  val %s  test %s%n", r.train, r.val, r.test);
            System.out.printf("lecture train %s  val %s  test %s%n", run.lecture.train(), run.lecture.val(), run.lecture.test());
            if (run.seed() == GENERATOR_SEED) {
                Torch.seed(GENERATOR_SEED + 10); // parts 2-3 sample with a fresh generator; part 5 continues
            }
            List<String> names = new NameSampler(r.model(), data.vocab(), run.blockSize()).sample(20, manager);
            System.out.println(String.join(" ", names));
        }
    }
}
