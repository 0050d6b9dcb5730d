package dev.makemore.runs;

import ai.djl.ndarray.NDManager;
import dev.makemore.Hyperparameters;
import dev.makemore.Torch;
import dev.makemore.data.Datasets;
import dev.makemore.data.TorchGenerator;
import dev.makemore.plot.SweepChart;
import dev.makemore.train.Trainer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.knowm.xchart.XYChart;

/**
 * Several training runs side by side, one per core: the learner's real task, trying settings, in the time of one
 * run. A step of these small models is bound by libtorch's per-op work on one core, so two runs on two cores
 * train at nearly twice the steps per second of one, where Python's threads would share one interpreter.
 *
 * <p>Each run trains on a thread of its own with one intra-op thread, on its own arrays, and draws its minibatches
 * from a {@link TorchGenerator} of its own that continues torch's seeded stream from where the run's
 * initialisation left it: the run draws exactly the batches it draws when it trains alone, so it reproduces its
 * lone numbers bit for bit ({@code SweepTest}). The models are built one after the other on the calling thread,
 * each seeded as alone, before any training starts.
 *
 * <p>The calling thread (a notebook cell's) draws every run's curve on one live chart and prints the runs'
 * progress lines. Interrupting it (the notebook's stop button, Ctrl-C in the CLI) stops every run at its next step
 * and keeps every model trained so far. Afterwards torch's global generator stands where it would after the runs
 * trained one after the other, so a cell that samples next draws what it would have drawn then.
 */
public final class Sweep {

    /** How often the chart is redrawn and the progress printed. */
    static final long DRAW_MILLIS = 500;

    private Sweep() {}

    /** Runs at once by default: one per core. */
    public static int defaultParallelism() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Trains every run of {@code runs} up to its steps, {@code parallelism} at a time (see the class comment).
     *
     * @param data the datasets a run's settings need (its context length)
     * @return whether every run finished (false when interrupted)
     * @throws RuntimeException the first run's failure (a diverged loss), after every run has stopped
     */
    public static boolean train(List<TrainingRun> runs, Function<Hyperparameters, Datasets> data, NDManager manager,
            Function<? super XYChart, String> show, BiConsumer<String, ? super XYChart> update, PrintStream out,
            int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        List<TrainingRun> todo = new ArrayList<>();
        for (TrainingRun run : runs) {
            Datasets d = data.apply(run.settings());
            boolean fresh = run.prepare(d, manager);
            Trainer t = run.trainer();
            if (fresh) {
                long bound = 8 * t.model().parameterCount() + 1_000_000;
                t.drawBatchesFrom(TorchGenerator.continuing(run.settings().seed(), bound, manager));
            } else if (t.batchGenerator() == null) {
                // started alone: its place in the global stream is gone, so it resumes on a stream of its own
                t.drawBatchesFrom(new TorchGenerator(run.settings().seed() ^ ((long) t.step() << 32)));
            }
            if (t.step() < run.settings().steps()) {
                todo.add(run);
            }
        }
        if (todo.isEmpty()) {
            return true;
        }
        SweepChart chart = new SweepChart(todo.stream().map(TrainingRun::title).toList(), show, update);
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        int width = todo.stream().mapToInt(r -> r.name().length()).max().orElse(0);
        for (TrainingRun run : todo) {
            String name = String.format("%-" + width + "s", run.name());
            run.attach(chart.listener(run.title()), line -> lines.add(name + " " + line));
        }
        out.printf("training %d run%s side by side, %d at a time, one intra-op thread each%n", todo.size(),
                todo.size() == 1 ? "" : "s", Math.min(parallelism, todo.size()));
        int threadsBefore = Torch.threads();
        Torch.threads(1);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, todo.size()), r -> {
            Thread t = new Thread(r, "makemore-sweep");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> futures = new ArrayList<>();
        for (TrainingRun run : todo) {
            futures.add(pool.submit(() -> run.trainer().train(run.settings().steps())));
        }
        pool.shutdown();
        boolean interrupted = false;
        RuntimeException failure = null;
        try {
            while (!pool.isTerminated()) {
                try {
                    pool.awaitTermination(DRAW_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                    futures.forEach(f -> f.cancel(true)); // each trainer stops at its next step
                }
                flush(lines, out);
                chart.draw();
            }
            for (Future<?> f : futures) {
                try {
                    if (!f.isCancelled()) {
                        f.get();
                    }
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException r ? r : new RuntimeException(e.getCause());
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            todo.forEach(run -> run.attach(null, null));
            Torch.threads(threadsBefore);
            flush(lines, out);
            chart.draw();
            placeGlobalGenerator(runs, manager);
        }
        for (TrainingRun run : todo) {
            Trainer t = run.trainer();
            out.printf("%s: %,d of %,d steps%s%n", run.name(), t.step(), run.settings().steps(),
                    t.step() < run.settings().steps() ? " (stopped; training it again resumes)" : "");
        }
        if (failure != null) {
            throw failure;
        }
        if (interrupted) {
            Thread.currentThread().interrupt(); // the caller (the kernel) sees the stop
        }
        return !interrupted;
    }

    private static void flush(ConcurrentLinkedQueue<String> lines, PrintStream out) {
        for (String line; (line = lines.poll()) != null; ) {
            out.println(line);
        }
        out.flush();
    }

    /** Torch's global generator where the last run, trained alone after the others, would have left it. */
    private static void placeGlobalGenerator(List<TrainingRun> runs, NDManager manager) {
        TrainingRun last = runs.get(runs.size() - 1);
        TorchGenerator g = last.trainer() == null ? null : last.trainer().batchGenerator();
        if (g != null && g.seed() == last.settings().seed()) {
            TorchGenerator.placeGlobal(g.seed(), g.position(), manager);
        }
    }
}
