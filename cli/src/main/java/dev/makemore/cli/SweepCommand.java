package dev.makemore.cli;

import ai.djl.ndarray.NDManager;
import dev.makemore.Architecture;
import dev.makemore.Hyperparameters;
import dev.makemore.Numerics;
import dev.makemore.Torch;
import dev.makemore.data.Datasets;
import dev.makemore.runs.RunLog;
import dev.makemore.runs.Sweep;
import dev.makemore.runs.TrainingRun;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** {@code bin/makemore sweep}: several settings of one model trained side by side, one per core. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false, description = {
    "Trains every combination of the values given (comma-separated) side by side, one run per core,",
    "each drawing the batches it would draw alone (so each gives its lone numbers bit for bit).",
    "Prints every run's losses, keeps each in the run history (bin/makemore runs).",
    "Ctrl-C stops every run at its next step; the runs trained so far are evaluated and kept.",
    "Example: bin/makemore sweep --model mlp --n-hidden 100,200 --lr 0.1,0.05 --steps 20000"})
final class SweepCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "bigram, mlp, bn, hierarchical or wavenet")
    private String model;

    @Option(names = "--steps", paramLabel = "N,...", split = ",", description = "SGD steps (the lecture's: 200000)")
    private List<Integer> steps;

    @Option(names = "--batch-size", paramLabel = "N,...", split = ",", description = "examples per step; 32")
    private List<Integer> batchSize;

    @Option(names = "--lr", paramLabel = "RATE,...", split = ",", description = "learning rate before the decay step; 0.1")
    private List<Float> lr;

    @Option(names = "--lr-final", paramLabel = "RATE,...", split = ",", description = "learning rate from the decay step on; 0.01")
    private List<Float> lrFinal;

    @Option(names = "--decay-step", paramLabel = "N,...", split = ",", description = "step at which the rate drops")
    private List<Integer> decayStep;

    @Option(names = "--seed", paramLabel = "N,...", split = ",", description = "torch.manual_seed for the weights and batches")
    private List<Long> seed;

    @Option(names = "--block-size", paramLabel = "N,...", split = ",", description = "characters of context")
    private List<Integer> blockSize;

    @Option(names = "--n-embd", paramLabel = "N,...", split = ",", description = "embedding width")
    private List<Integer> nEmbd;

    @Option(names = "--n-hidden", paramLabel = "N,...", split = ",", description = "hidden width")
    private List<Integer> nHidden;

    @Option(names = "--depth", paramLabel = "N,...", split = ",", description = "hidden blocks of bn")
    private List<Integer> depth;

    @Option(names = "--fast", description = "FAST numerics (see train --help)")
    private boolean fast;

    @Option(names = "--parallel", paramLabel = "N", description = "runs at once (default: one per core, ${DEFAULT-VALUE})")
    private int parallel = Sweep.defaultParallelism();

    @Option(names = "--names", paramLabel = "FILE", description = "names file (default: $MAKEMORE_NAMES or data/names.txt)")
    private Path names;

    @Option(names = "--no-record", description = "do not keep the runs in the run history")
    private boolean noRecord;

    @Override
    public Integer call() {
        ModelKind kind = ModelKind.parse(model);
        if (kind.defaults().model() == Architecture.CONV) {
            throw new UsageException("sweep trains the window models (bigram, mlp, bn, hierarchical, wavenet), not conv");
        }
        if (parallel < 1) {
            throw new UsageException("--parallel must be at least 1, got " + parallel);
        }
        List<Hyperparameters> settings = combinations(kind.defaults().numerics(fast ? Numerics.FAST : Numerics.EXACT));
        if (settings.size() > 64) {
            throw new UsageException("the values given make " + settings.size() + " runs; a sweep takes at most 64");
        }
        PrintWriter console = spec.commandLine().getOut();
        List<String> words = Session.loadNames(names);
        try (NDManager manager = Torch.newManager(); GracefulStop stop = new GracefulStop()) {
            Map<Integer, Datasets> data = new HashMap<>();
            List<TrainingRun> runs = new ArrayList<>();
            for (int i = 0; i < settings.size(); i++) {
                Hyperparameters h = settings.get(i);
                String changed = String.join(", ", h.changesFrom(kind.defaults().numerics(h.numerics())));
                runs.add(new TrainingRun("run " + (i + 1) + (changed.isEmpty() ? "" : " [" + changed + "]"), h, null));
            }
            PrintStream out = new PrintStream(new WriterOutputStream(console), true);
            long started = System.nanoTime();
            boolean finished = Sweep.train(runs, h -> data.computeIfAbsent(h.blockSize(),
                    b -> Datasets.of(words, b, manager)), manager, c -> "", (id, c) -> { }, out, parallel);
            double seconds = (System.nanoTime() - started) / 1e9;
            stop.trainingDone();
            Thread.interrupted();
            console.println(results(runs, data, kind, seconds, !noRecord).printAll());
            long totalSteps = runs.stream().mapToLong(r -> r.trainer().step()).sum();
            console.printf(Locale.ROOT, "%d runs, %,d steps in %.1f s: %,.0f steps/s together%s%n", runs.size(), totalSteps,
                    seconds, totalSteps / seconds, finished ? "" : " (stopped by Ctrl-C)");
            console.flush();
        }
        return 0;
    }

    /** Every combination of the values given, the lecture's value for a knob with none; each validated. */
    private List<Hyperparameters> combinations(Hyperparameters base) {
        Map<String, List<?>> axes = new LinkedHashMap<>();
        axes.put("--steps", steps);
        axes.put("--batch-size", batchSize);
        axes.put("--lr", lr);
        axes.put("--lr-final", lrFinal);
        axes.put("--decay-step", decayStep);
        axes.put("--seed", seed);
        axes.put("--block-size", blockSize);
        axes.put("--n-embd", nEmbd);
        axes.put("--n-hidden", nHidden);
        axes.put("--depth", depth);
        Map<String, BiFunction<Hyperparameters, Object, Hyperparameters>> set = Map.of(
                "--steps", (h, v) -> h.steps((Integer) v), "--batch-size", (h, v) -> h.batchSize((Integer) v),
                "--lr", (h, v) -> h.lr((Float) v, h.lrFinal(), h.decayStep()),
                "--lr-final", (h, v) -> h.lr(h.lr(), (Float) v, h.decayStep()),
                "--decay-step", (h, v) -> h.lr(h.lr(), h.lrFinal(), (Integer) v), "--seed", (h, v) -> h.seed((Long) v),
                "--block-size", (h, v) -> h.blockSize((Integer) v), "--n-embd", (h, v) -> h.nEmbd((Integer) v),
                "--n-hidden", (h, v) -> h.nHidden((Integer) v), "--depth", (h, v) -> h.depth((Integer) v));
        List<Hyperparameters> out = List.of(base);
        for (Map.Entry<String, List<?>> axis : axes.entrySet()) {
            if (axis.getValue() == null || axis.getValue().isEmpty()) {
                continue;
            }
            List<Hyperparameters> next = new ArrayList<>();
            for (Hyperparameters h : out) {
                for (Object v : axis.getValue()) {
                    next.add(set.get(axis.getKey()).apply(h, v));
                }
            }
            out = next;
        }
        out.forEach(ModelKind::validate);
        return out;
    }

    /** Evaluates every run (eval mode), keeps it in the run history, and tabulates them. */
    private static Table results(List<TrainingRun> runs, Map<Integer, Datasets> data, ModelKind kind, double seconds,
            boolean record) {
        RunLog log = RunLog.open("cli");
        StringColumn name = StringColumn.create("run");
        IntColumn steps = IntColumn.create("steps");
        DoubleColumn train = DoubleColumn.create("train");
        DoubleColumn val = DoubleColumn.create("val");
        StringColumn rate = StringColumn.create("steps/s");
        StringColumn kept = StringColumn.create("kept as");
        for (TrainingRun run : runs) {
            Datasets d = data.get(run.settings().blockSize());
            float[] l = record ? run.evaluate(d, log) : new float[] {
                dev.makemore.train.Evaluator.splitLoss(run.model(), d.train()),
                dev.makemore.train.Evaluator.splitLoss(run.model(), d.dev())};
            name.append(run.name());
            steps.append(run.trainer().step());
            train.append(Math.round(l[0] * 1e6) / 1e6);
            val.append(Math.round(l[1] * 1e6) / 1e6);
            double s = run.trainer().trainingTime().toNanos() / 1e9;
            rate.append(String.format(Locale.ROOT, "%,.0f", run.trainer().step() / Math.max(s, 1e-9)));
            kept.append(record ? run.kept().id() : "-");
        }
        return Table.create(kind.cliName() + " sweep", name, steps, train, val, rate, kept);
    }

    /** A PrintStream onto picocli's writer (the sweep prints progress lines to a PrintStream). */
    private static final class WriterOutputStream extends java.io.OutputStream {
        private final PrintWriter writer;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        WriterOutputStream(PrintWriter writer) {
            this.writer = writer;
        }

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n') {
                flush();
            }
        }

        @Override
        public synchronized void flush() {
            writer.print(line.toString(java.nio.charset.StandardCharsets.UTF_8));
            writer.flush();
            line.reset();
        }
    }
}
