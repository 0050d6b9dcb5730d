package dev.makemore.runs;

import ai.djl.ndarray.NDManager;
import dev.makemore.Decimal;
import dev.makemore.Hyperparameters;
import dev.makemore.LectureNumbers.SplitLosses;
import dev.makemore.Torch;
import dev.makemore.data.Datasets;
import dev.makemore.nn.Layer;
import dev.makemore.plot.LiveChart;
import dev.makemore.train.Evaluator;
import dev.makemore.train.StepListener;
import dev.makemore.train.Trainer;
import java.io.PrintStream;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.knowm.xchart.XYChart;

/**
 * One line of a notebook's comparison of several networks (part 3's loss log, part 4's performance log): a name,
 * its settings, the lecture's losses to compare with, and once started its trainer, which holds the model, so an
 * interrupted run loses nothing and a second {@link #train} resumes it.
 */
public final class TrainingRun {

    /** Steps between two printed minibatch losses, as the lectures print them. */
    public static final int PRINT_EVERY = 10_000;

    private final String name;
    private final Hyperparameters settings;
    private final SplitLosses lecture;
    private Trainer trainer;
    private volatile StepListener sink;
    private volatile java.util.function.Consumer<String> printer;
    private float train = Float.NaN;
    private float val = Float.NaN;
    private RunRecord kept;

    /** A run called {@code name} with {@code settings}, compared with {@code lecture} (null if the lecture has none). */
    public TrainingRun(String name, Hyperparameters settings, SplitLosses lecture) {
        this.name = name;
        this.settings = settings;
        this.lecture = lecture;
    }

    /**
     * Trains up to {@code settings().steps()}: the first call seeds, builds the model (its draws first, then the
     * batches: the lecture's order) and sets up the trainer; a later call resumes where it stopped (its batches
     * then come from wherever the generator is). Prints the minibatch loss every {@value #PRINT_EVERY} steps and
     * draws a live chart over the earlier runs that {@code log} keeps of the same lecture run.
     */
    public TrainingRun train(Datasets data, NDManager manager, RunLog log, Function<? super XYChart, String> show,
            BiConsumer<String, ? super XYChart> update, PrintStream out) {
        prepare(data, manager);
        if (trainer.step() >= settings.steps()) {
            return this;
        }
        out.println("== " + title());
        LiveChart live = log.liveChart(settings, show, update);
        sink = live;
        printer = out::println;
        try {
            trainer.train(settings.steps());
        } finally {
            sink = null;
            printer = null;
        }
        live.finish();
        return this;
    }

    /**
     * Seeds and builds the model (its draws first: the lecture's order) and sets up its trainer, unless that
     * was done before; the batches then continue torch's global stream. Returns whether it was done now.
     */
    boolean prepare(Datasets data, NDManager manager) {
        if (trainer != null) {
            return false;
        }
        Torch.seed(settings.seed());
        trainer = settings.trainer(settings.build(data.vocab().size(), manager), data.train());
        trainer.onStep(e -> {
            StepListener s = sink;
            if (s != null) {
                s.onStep(e);
            }
            java.util.function.Consumer<String> p = printer;
            if (p != null && e.step() % PRINT_EVERY == 0) {
                p.accept(String.format("%7d/%7d: %s", e.step(), e.maxSteps(), Decimal.fixed(e.loss(), 4)));
            }
        });
        return true;
    }

    /** Where the steps go while the run trains: a chart's listener and a line printer (null: nowhere). */
    void attach(StepListener listener, java.util.function.Consumer<String> lines) {
        sink = listener;
        printer = lines;
    }

    /** The name and, if any, what it changed from the lecture: {@code "original (nHidden 200 → 100)"}. */
    public String title() {
        return name + (settings.changes().isEmpty() ? "" : " (" + String.join(", ", settings.changes()) + ")");
    }

    /**
     * The loss of the trained model on the training and validation splits (eval mode), kept in {@code log}'s
     * history; null if the run has not started.
     */
    public float[] evaluate(Datasets data, RunLog log) {
        if (trainer == null) {
            return null;
        }
        train = Evaluator.splitLoss(trainer.model(), data.train());
        val = Evaluator.splitLoss(trainer.model(), data.dev());
        kept = log.record(settings, trainer, train, val);
        return new float[] {train, val};
    }

    /** The run history's record of the last {@link #evaluate}, or null. */
    public RunRecord kept() {
        return kept;
    }

    /** The name shown in tables and charts. */
    public String name() {
        return name;
    }

    /** Its settings. */
    public Hyperparameters settings() {
        return settings;
    }

    /** The lecture's losses, or null. */
    public SplitLosses lecture() {
        return lecture;
    }

    /** Whether training has started. */
    public boolean started() {
        return trainer != null;
    }

    /** The trainer (null before the first {@link #train}). */
    public Trainer trainer() {
        return trainer;
    }

    /** The model (null before the first {@link #train}). */
    public Layer model() {
        return trainer == null ? null : trainer.model();
    }
}
