package dev.makemore.bench;

import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import dev.makemore.Hyperparameters;
import dev.makemore.Numerics;
import dev.makemore.Torch;
import dev.makemore.cli.ModelKind;
import dev.makemore.data.Datasets;
import dev.makemore.data.NameSequences;
import dev.makemore.data.Names;
import dev.makemore.data.Split;
import dev.makemore.data.TorchGenerator;
import dev.makemore.data.Vocab;
import dev.makemore.nn.ConvNet;
import dev.makemore.nn.Layer;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The side-by-side measurement of {@code bin/makemore bench}: N runs of one model trained at once in one JVM, one
 * per core, as {@link dev.makemore.runs.Sweep} trains them, against one run alone in the same process. Prints one
 * JSON line with the fields of {@code bench/torch_bench.py --runs N}.
 *
 * <p>Usage: {@code SweepSide MODEL NUMERICS RUNS WARMUP STEPS REPEATS [driven]}. The N models (seeds: the lecture's
 * seed + i) are built one after the other before any training, each trainer drawing its batches from a
 * {@link TorchGenerator} of its own that continues torch's stream where the model's initialisation left it, each
 * run on a thread of its own with one intra-op thread. Run 0 warms up alone, then all N together; each timed repeat
 * trains run 0 alone for STEPS steps, then all N runs STEPS steps each at once. The aggregate steps/s is N * STEPS
 * over the wall time of the second phase; the scaling is the aggregate over the lone run's steps/s of the same
 * repeat. RSS is read before and after building each model, after each warm-up and at the end; each run's
 * thread's time on a core and waiting for one, from the kernel's scheduler statistics, say how much of the machine
 * the runs got.
 */
public final class SweepSide {

    private SweepSide() {}

    /** Runs one measurement; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        ModelKind kind = ModelKind.parse(args[0]);
        String variant = args[1];
        Numerics numerics = Numerics.parse(variant);
        int runs = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        int steps = Integer.parseInt(args[4]);
        int repeats = Integer.parseInt(args[5]);
        boolean driven = args.length > 6 && args[6].equals("driven");
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1, got " + runs);
        }
        Torch.threads(1);

        List<String> words = Names.loadDefault();
        Vocab vocab = Vocab.of(words);
        Split split = Split.of(words);
        try (NDManager manager = Torch.newManager()) {
            Hyperparameters lecture = kind.defaults().batchSize(JavaSide.BATCH).lr(0.1f, 0.1f, 0).numerics(numerics);
            Datasets data = kind.readsWholeNames() ? null : Datasets.of(words, lecture.blockSize(), manager);
            NameSequences trainNames = kind.readsWholeNames() ? NameSequences.of(split.train(), vocab, 8) : null;

            double rssStart = JavaSide.Memory.rssMib();
            List<Trainer> trainers = new ArrayList<>();
            List<Double> rssBuilt = new ArrayList<>();
            long params = 0;
            for (int i = 0; i < runs; i++) {
                Hyperparameters hp = lecture.seed(lecture.seed() + i);
                Torch.seed(hp.seed());
                Layer model = hp.build(vocab.size(), manager);
                Trainer t = model instanceof ConvNet conv ? hp.trainer(conv, trainNames, manager)
                        : hp.trainer(model, data.train());
                t.drawBatchesFrom(TorchGenerator.continuing(hp.seed(), 8 * model.parameterCount() + 1_000_000, manager));
                trainers.add(t);
                params = model.parameterCount();
                rssBuilt.add(JavaSide.Memory.rssMib());
            }
            float[] losses = new float[runs];
            for (int i = 0; i < runs; i++) {
                int run = i;
                trainers.get(i).onStep(e -> losses[run] = e.loss());
            }

            // one thread per run, kept for the whole measurement (run 0 alone trains on its own thread too)
            List<ExecutorService> threads = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                int run = i;
                threads.add(Executors.newSingleThreadExecutor(r -> {
                    Thread th = new Thread(r, "makemore-bench-run-" + run);
                    th.setDaemon(true);
                    return th;
                }));
            }
            try {
                Side side = new Side(trainers, threads);
                side.alone(warmup);
                double rssOneWarm = JavaSide.Memory.rssMib();
                side.together(warmup);
                double rssAllWarm = JavaSide.Memory.rssMib();

                List<Double> one = new ArrayList<>();
                List<Double> aggregate = new ArrayList<>();
                List<List<Double>> perRun = new ArrayList<>();
                List<List<Double>> onCpu = new ArrayList<>();
                List<List<Double>> waiting = new ArrayList<>();
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                if (driven) {
                    say("READY");
                }
                for (int r = 0; r < repeats; r++) {
                    if (driven) {
                        await(in, "go");
                    }
                    Run alone = side.alone(steps);
                    one.add(steps / alone.seconds());
                    Timing t = side.together(steps);
                    aggregate.add(runs * (double) steps / t.wall());
                    List<Double> rates = new ArrayList<>();
                    List<Double> cpu = new ArrayList<>(List.of(alone.onCpu()));
                    List<Double> wait = new ArrayList<>(List.of(alone.waiting()));
                    for (Run run : t.perRun()) {
                        rates.add(steps / run.seconds());
                        cpu.add(run.onCpu());
                        wait.add(run.waiting());
                    }
                    perRun.add(rates);
                    onCpu.add(cpu);
                    waiting.add(wait);
                    if (driven) {
                        say("RATE " + aggregate.get(r));
                    }
                }
                if (driven) {
                    await(in, "finish");
                }
                List<Float> last = new ArrayList<>();
                for (float l : losses) {
                    last.add(l);
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("side", "java");
                out.put("style", variant);
                out.put("model", kind.cliName());
                out.put("java", Runtime.version().toString());
                out.put("mode", "threads");
                out.put("runs", runs);
                out.put("threads", 1);
                out.put("params", params);
                out.put("steps_per_s", one);
                out.put("agg_steps_per_s", aggregate);
                out.put("run_steps_per_s", perRun);
                out.put("on_cpu", onCpu);
                out.put("waiting_for_cpu", waiting);
                out.put("steps_total", 2 * warmup + 2 * repeats * steps);
                out.put("loss_last", last);
                out.put("rss_start_mib", rssStart);
                out.put("rss_built_mib", rssBuilt);
                out.put("rss_one_warm_mib", rssOneWarm);
                out.put("rss_all_warm_mib", rssAllWarm);
                out.put("rss_end_mib", JavaSide.Memory.rssMib());
                out.put("peak_rss_mib", JavaSide.Memory.peakRssMib());
                System.out.println(new GsonBuilder().serializeSpecialFloatingPointValues().create().toJson(out));
            } finally {
                threads.forEach(ExecutorService::shutdownNow);
            }
        }
    }

    /** The wall time of a phase in seconds and each run's share. */
    private record Timing(double wall, List<Run> perRun) {}

    /**
     * One run's part of a phase: its seconds, and the fractions of them its thread ran on a core and waited in
     * the run queue for one (the rest it was blocked: GC pauses, locks); NaN where the kernel does not say.
     */
    record Run(double seconds, double onCpu, double waiting) {}

    /** The runs and their threads. */
    private record Side(List<Trainer> trainers, List<ExecutorService> threads) {

        /** Trains run 0 alone for {@code n} more steps on its thread. */
        Run alone(int n) throws InterruptedException, ExecutionException {
            return threads.get(0).submit(() -> train(trainers.get(0), n)).get();
        }

        /** Trains every run {@code n} more steps at once, each on its thread, started together. */
        Timing together(int n) throws InterruptedException, ExecutionException {
            CountDownLatch gate = new CountDownLatch(1);
            List<Future<Run>> futures = new ArrayList<>();
            for (int i = 0; i < trainers.size(); i++) {
                Trainer t = trainers.get(i);
                futures.add(threads.get(i).submit(() -> {
                    gate.await();
                    return train(t, n);
                }));
            }
            long t0 = System.nanoTime();
            gate.countDown();
            List<Run> seconds = new ArrayList<>();
            for (Future<Run> f : futures) {
                seconds.add(f.get());
            }
            return new Timing((System.nanoTime() - t0) / 1e9, seconds);
        }

        private static Run train(Trainer t, int n) {
            long[] before = schedstat();
            long t0 = System.nanoTime();
            t.train(t.step() + n);
            long nanos = System.nanoTime() - t0;
            long[] after = schedstat();
            return new Run(nanos / 1e9, share(after[0] - before[0], nanos, before[0]), share(after[1] - before[1], nanos, before[1]));
        }

        private static double share(long delta, long nanos, long valid) {
            return valid < 0 ? Double.NaN : (double) delta / nanos;
        }

        /** This thread's time on a core and waiting in the run queue, in ns ({@code /proc/thread-self/schedstat}). */
        private static long[] schedstat() {
            try {
                String[] f = new String(Files.readAllBytes(Path.of("/proc/thread-self/schedstat")), StandardCharsets.US_ASCII)
                        .trim().split("\\s+");
                return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
            } catch (IOException | RuntimeException e) {
                return new long[] {-1, -1};
            }
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static void await(BufferedReader in, String command) throws IOException {
        String line = in.readLine();
        if (!command.equals(line)) {
            throw new IllegalStateException("bench driver: expected '" + command + "', got '" + line + "'");
        }
    }
}
