package dev.makemore.bench;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import dev.makemore.Hyperparameters;
import dev.makemore.Numerics;
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
 * <p>Usage: {@code JavaSide MODEL NUMERICS WARMUP STEPS REPEATS EVAL_SPLIT [driven]}, where NUMERICS is {@code exact}
 * or {@code fast}: the lib's {@link Trainer} (or {@link ConvTrainer}), the loop the notebooks and the CLI run, in that
 * {@link Numerics}. With {@code driven}, the timed repeats wait for the parent's signal (see {@link Driver}).
 */
public final class JavaSide {

    private static final float LR = 0.1f;

    /** Examples (or names, for conv) per step, as in the lectures. */
    static final int BATCH = 32;

    private JavaSide() {}

    /** Runs one measurement; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        ModelKind kind = ModelKind.parse(args[0]);
        String variant = args[1];
        Numerics numerics = Numerics.parse(variant);
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
            // the lecture's network and batch; the bench trains at one constant rate, with the numerics it measures
            Hyperparameters hp = kind.defaults().batchSize(BATCH).lr(LR, LR, 0).numerics(numerics);
            Torch.seed(hp.seed());
            Layer model = hp.build(vocab.size(), manager);
            Datasets data = kind.readsWholeNames() ? null : Datasets.of(words, hp.blockSize(), manager);
            NameSequences trainNames = NameSequences.of(split.train(), vocab, 8);
            NameSequences evalNames = NameSequences.of(evalSplit == SplitName.DEV ? split.dev() : split.train(), vocab, 8);
            Stepper stepper = stepper(hp, model, data, trainNames, manager);

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

    /** The Java loops the bench can run: the lib's Trainer in either numerics. */
    static final List<String> VARIANTS = List.of("exact", "fast");

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

    private static Stepper stepper(Hyperparameters hp, Layer model, Datasets data, NameSequences names,
            NDManager manager) {
        Trainer trainer = model instanceof ConvNet conv ? hp.trainer(conv, names, manager) : hp.trainer(model, data.train());
        float[] last = {Float.NaN};
        trainer.onStep(e -> last[0] = e.loss());
        return n -> {
            trainer.train(trainer.step() + n);
            return last[0];
        };
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
