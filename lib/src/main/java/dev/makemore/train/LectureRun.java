package dev.makemore.train;

import ai.djl.ndarray.NDManager;
import dev.makemore.LectureNumbers;
import dev.makemore.LectureNumbers.SplitLosses;
import dev.makemore.Torch;
import dev.makemore.data.Datasets;
import dev.makemore.data.Names;
import dev.makemore.nn.BatchNorm1d;
import dev.makemore.nn.Layer;
import dev.makemore.nn.Mlp;
import dev.makemore.nn.Models;
import dev.makemore.sample.NameSampler;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The lectures' training runs with their exact seeds and settings: model, context length, seed, learning-rate
 * switch step and the numbers to compare against. {@code main} runs one from the command line, e.g.
 * {@code java ... dev.makemore.train.LectureRun wavenet} (3-4 minutes for 200,000 steps).
 */
public enum LectureRun {
    /** Part 2's MLP, plain init (part 3's "original" line). */
    MLP("mlp", 3, LectureRun.GENERATOR_SEED, 100_000, LectureNumbers.MLP, (v, m) -> Models.mlp(v, Mlp.Init.PLAIN, m)),
    /** Part 3: output layer scaled down. */
    MLP_SOFTMAX_FIX("mlp-softmax-fix", 3, LectureRun.GENERATOR_SEED, 100_000, LectureNumbers.MLP_SOFTMAX_FIX,
            (v, m) -> Models.mlp(v, Mlp.Init.SOFTMAX_FIX, m)),
    /** Part 3: hidden layer scaled down too. */
    MLP_TANH_FIX("mlp-tanh-fix", 3, LectureRun.GENERATOR_SEED, 100_000, LectureNumbers.MLP_TANH_FIX,
            (v, m) -> Models.mlp(v, Mlp.Init.TANH_FIX, m)),
    /** Part 3: Kaiming init. */
    MLP_KAIMING("mlp-kaiming", 3, LectureRun.GENERATOR_SEED, 100_000, LectureNumbers.MLP_KAIMING,
            (v, m) -> Models.mlp(v, Mlp.Init.KAIMING, m)),
    /** Part 3: MLP with the hand-written batch norm. */
    BN_MLP("bn-mlp", 3, LectureRun.GENERATOR_SEED, 100_000, LectureNumbers.BN_MLP, Models::batchNormMlp),
    /** Part 3: the six-layer Linear/BatchNorm/Tanh net (the notebook stops it after 1,001 steps). */
    DEEP_BN("deep-bn", 3, LectureRun.GENERATOR_SEED, 150_000, LectureNumbers.DEEP_BN, Models::deepBatchNorm),
    /** Part 5: 8-character context, flat. */
    FLAT("flat", 8, 42, 150_000, LectureNumbers.FLAT, Models::flat),
    /** Part 5: hierarchical, BatchNorm over dim 0 only. */
    HIERARCHICAL_BN_BUG("hierarchical-bn-bug", 8, 42, 150_000, LectureNumbers.HIERARCHICAL_BN_BUG,
            (v, m) -> Models.hierarchical(v, 10, 68, BatchNorm1d.Reduce.BATCH_ONLY, m)),
    /** Part 5: hierarchical, BatchNorm fixed. */
    HIERARCHICAL("hierarchical", 8, 42, 150_000, LectureNumbers.HIERARCHICAL,
            (v, m) -> Models.hierarchical(v, 10, 68, BatchNorm1d.Reduce.BATCH_AND_TIME, m)),
    /** Part 5: the scaled-up WaveNet. */
    WAVENET("wavenet", 8, 42, 150_000, LectureNumbers.WAVENET, Models::wavenet);

    /** The seed of {@code torch.Generator().manual_seed(2147483647)} in parts 1-3. */
    public static final long GENERATOR_SEED = 2147483647L;

    /** Steps of every full lecture run. */
    public static final int STEPS = 200_000;

    /** Minibatch size of every lecture run. */
    public static final int BATCH_SIZE = 32;

    private final String id;
    private final int blockSize;
    private final long seed;
    private final int decayStep;
    private final SplitLosses lecture;
    private final BiFunction<Integer, NDManager, Layer> factory;

    LectureRun(String id, int blockSize, long seed, int decayStep, SplitLosses lecture,
            BiFunction<Integer, NDManager, Layer> factory) {
        this.id = id;
        this.blockSize = blockSize;
        this.seed = seed;
        this.decayStep = decayStep;
        this.lecture = lecture;
        this.factory = factory;
    }

    /** The command-line name, e.g. {@code wavenet}. */
    public String id() {
        return id;
    }

    /** Context length. */
    public int blockSize() {
        return blockSize;
    }

    /** The seed set before the model is built; batches continue the same stream. */
    public long seed() {
        return seed;
    }

    /** 0.1 before this step, 0.01 from it on. */
    public LearningRate learningRate() {
        return LearningRate.step(0.1f, 0.01f, decayStep);
    }

    /** The lecture's losses for this run. */
    public SplitLosses lecture() {
        return lecture;
    }

    /** Builds the model; seed first ({@link #seed()}) to get the lecture's parameters. */
    public Layer model(int vocabSize, NDManager manager) {
        return factory.apply(vocabSize, manager);
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
        Torch.seed(seed);
        Layer model = model(data.vocab().size(), manager);
        long start = System.nanoTime();
        LossHistory history = new Trainer(model, data.train(), BATCH_SIZE, learningRate())
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
                    + "> [steps, default " + STEPS + "]");
            System.exit(2);
        }
        LectureRun run = byId(args[0]);
        int steps = args.length == 2 ? Integer.parseInt(args[1]) : STEPS;
        try (NDManager manager = Torch.newManager()) {
            Datasets data = Datasets.of(Names.loadDefault(), run.blockSize, manager);
            Result r = run.run(data, steps, manager, System.out);
            System.out.printf("%s, %d steps in %.1f s%n", run.id, steps, r.trainingTime().toMillis() / 1000.0);
            System.out.printf("train %s  val %s  test %s%n", r.train, r.val, r.test);
            System.out.printf("lecture train %s  val %s  test %s%n", run.lecture.train(), run.lecture.val(), run.lecture.test());
            if (run.seed == GENERATOR_SEED) {
                Torch.seed(GENERATOR_SEED + 10); // parts 2-3 sample with a fresh generator; part 5 continues
            }
            List<String> names = new NameSampler(r.model(), data.vocab(), run.blockSize).sample(20, manager);
            System.out.println(String.join(" ", names));
        }
    }
}
