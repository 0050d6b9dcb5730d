package dev.makemore.bench;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import dev.makemore.Torch;
import dev.makemore.cli.ModelKind;
import dev.makemore.data.Datasets;
import dev.makemore.data.Datasets.SplitName;
import dev.makemore.data.NameSequences;
import dev.makemore.data.Names;
import dev.makemore.data.Split;
import dev.makemore.data.Vocab;
import dev.makemore.nn.ConvNet;
import dev.makemore.nn.Layer;
import dev.makemore.nn.Mlp;
import dev.makemore.train.ConvTrainer;
import dev.makemore.train.Evaluator;
import dev.makemore.train.LearningRate;
import dev.makemore.train.Trainer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Java side of {@code bin/makemore bench}, run in its own JVM per (model, variant) so that its peak RSS
 * is its own: trains one model and prints one JSON line with the same fields as {@code bench/torch_bench.py}.
 *
 * <p>Usage: {@code JavaSide MODEL VARIANT WARMUP STEPS REPEATS EVAL_SPLIT [driven]}, where VARIANT is {@code lecture} (the lib's
 * {@link Trainer}, the loop the notebooks run), {@code tuned} or {@code fused} ({@link TunedLoop}) or {@code manual}
 * ({@link ManualMlpLoop}); with {@code driven}, the timed repeats wait for the parent's signal (see {@link Driver}).
 */
public final class JavaSide {

    private static final float LR = 0.1f;

    private JavaSide() {}

    /** Runs one measurement; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        ModelKind kind = ModelKind.parse(args[0]);
        String variant = args[1];
        int warmup = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        int repeats = Integer.parseInt(args[4]);
        SplitName evalSplit = args[5].equals("val") ? SplitName.DEV : SplitName.TRAIN;
        boolean driven = args.length > 6 && args[6].equals("driven");
        Torch.threads(1);

        List<String> words = Names.loadDefault();
        Vocab vocab = Vocab.of(words);
        Split split = Split.of(words);
        try (NDManager manager = Torch.newManager()) {
            Torch.seed(kind.defaults().seed());
            Layer model = kind.build(kind.defaults(), vocab.size(), manager);
            Datasets data = kind.readsWholeNames() ? null : Datasets.of(words, kind.defaults().blockSize(), manager);
            NameSequences trainNames = NameSequences.of(split.train(), vocab, 8);
            NameSequences evalNames = NameSequences.of(evalSplit == SplitName.DEV ? split.dev() : split.train(), vocab, 8);
            Stepper stepper = stepper(kind, variant, model, data, trainNames, manager);

            Map<String, Object> out = new LinkedHashMap<>();
            double rssStart = Memory.rssMib();
            float first = stepper.run(1);
            float last = stepper.run(warmup - 1);
            double rssWarm = Memory.rssMib();
            List<Double> rates = new ArrayList<>();
            Driver driver = driven ? new Driver() : null;
            for (int r = 0; r < repeats; r++) {
                if (driver != null) {
                    driver.await("go");
                }
                long t0 = System.nanoTime();
                last = stepper.run(steps);
                rates.add(steps / ((System.nanoTime() - t0) / 1e9));
                if (driver != null) {
                    driver.report("RATE " + rates.get(r));
                }
            }
            if (driver != null) {
                driver.await("finish");
            }
            out.put("side", "java");
            out.put("style", variant);
            out.put("model", kind.cliName());
            out.put("java", Runtime.version().toString());
            out.put("params", model.parameterCount());
            out.put("threads", 1);
            out.put("steps_per_s", rates);
            out.put("steps_total", warmup + repeats * steps);
            out.put("loss_first", first);
            out.put("loss_last", last);
            out.put("rss_start_mib", rssStart);
            out.put("rss_warm_mib", rssWarm);
            out.put("rss_end_mib", Memory.rssMib());
            out.put("peak_rss_train_mib", Memory.peakRssMib());
            finishers.forEach(Runnable::run);
            for (int threads : new int[] {1, Torch.EVALUATION_THREADS}) {
                long t0 = System.nanoTime();
                float loss = Torch.withThreads(threads, () -> kind.readsWholeNames()
                        ? ConvTrainer.splitLoss((ConvNet) model, evalNames)
                        : Evaluator.splitLoss(model, data.get(evalSplit)));
                out.put("eval_s_" + threads + "t", (System.nanoTime() - t0) / 1e9);
                out.put("eval_loss", loss);
            }
            out.put("eval_split", evalSplit.label());
            out.put("peak_rss_mib", Memory.peakRssMib());
            out.put("ld_preload", System.getenv().getOrDefault("LD_PRELOAD", ""));
            System.out.println(new Gson().toJson(out));
        }
    }

    /**
     * Whether {@code variant} exists for {@code kind}: every model has the lecture loop; the tuned loop is for the
     * window models, its fused-batch_norm form for those with BatchNorm, the hand-written backward for the MLP.
     */
    static boolean hasVariant(ModelKind kind, String variant) {
        return switch (variant) {
            case "lecture" -> true;
            case "tuned" -> !kind.readsWholeNames();
            case "fused" -> kind == ModelKind.BN || kind == ModelKind.WAVENET;
            case "manual" -> kind == ModelKind.MLP;
            default -> false;
        };
    }

    /**
     * The {@code driven} protocol of {@link BenchCommand}, which interleaves the timed repeats of all loops of a
     * model: after the warm-up this process prints {@code READY}, runs each timed repeat when it reads {@code go}
     * and answers {@code RATE <steps/s>}, and evaluates and prints its JSON line after {@code finish}.
     */
    private static final class Driver {
        private final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

        Driver() {
            report("READY");
        }

        void await(String command) throws IOException {
            String line = in.readLine();
            if (!command.equals(line)) {
                throw new IllegalStateException("bench driver: expected '" + command + "', got '" + line + "'");
            }
        }

        void report(String line) {
            System.out.println(line);
            System.out.flush();
        }
    }

    /** Runs {@code n} more steps and returns the last step's loss. */
    private interface Stepper {
        float run(int n);
    }

    /** Run before evaluation: fast loops copy their weights back into the lib model. */
    private static final List<Runnable> finishers = new ArrayList<>();

    private static Stepper stepper(ModelKind kind, String variant, Layer model, Datasets data,
            NameSequences names, NDManager manager) {
        LearningRate lr = LearningRate.constant(LR);
        switch (variant) {
            case "lecture" -> {
                Trainer trainer = kind.readsWholeNames()
                        ? new ConvTrainer((ConvNet) model, names, FastLoop.BATCH, lr, manager)
                        : new Trainer(model, data.train(), FastLoop.BATCH, lr);
                float[] last = {Float.NaN};
                trainer.onStep(e -> last[0] = e.loss());
                return n -> {
                    trainer.train(trainer.step() + n);
                    return last[0];
                };
            }
            case "tuned", "fused", "manual" -> {
                if (!hasVariant(kind, variant)) {
                    throw new IllegalArgumentException("no " + variant + " loop for " + kind.cliName());
                }
                FastLoop loop = switch (variant) {
                    case "manual" -> new ManualMlpLoop((Mlp) model, data.train(), manager.newSubManager());
                    case "fused" -> TunedLoop.fused(model, data.train(), manager.newSubManager());
                    default -> TunedLoop.of(model, data.train(), manager.newSubManager());
                };
                finishers.add(loop::finish);
                return n -> {
                    float loss = Float.NaN;
                    for (int i = 0; i < n; i++) {
                        loss = loop.step(LR);
                    }
                    return loss;
                };
            }
            default -> throw new IllegalArgumentException("unknown variant " + variant);
        }
    }

    /** This process's resident memory, from {@code /proc/self/status}. */
    static final class Memory {
        private Memory() {}

        static double rssMib() {
            return status("VmRSS:");
        }

        static double peakRssMib() {
            return status("VmHWM:");
        }

        private static double status(String key) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith(key)) {
                        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                    }
                }
            } catch (java.io.IOException | NumberFormatException e) {
                return Double.NaN;
            }
            return Double.NaN;
        }
    }
}
