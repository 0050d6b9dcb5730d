package dev.makemore.cli;

import dev.makemore.train.StepEvent;
import dev.makemore.train.StepListener;
import java.text.DecimalFormat;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A terminal progress bar for training (me.tongfei progressbar): steps done, steps/s, ETA, and the running
 * loss, an exponential moving average over roughly the last 100 steps (one minibatch loss is too noisy to read).
 */
final class ProgressListener implements StepListener, AutoCloseable {

    private static final double SMOOTHING = 0.01;

    private final ProgressBar bar;
    private final int offset;
    private double runningLoss = Double.NaN;

    /**
     * A bar for a run of {@code total} steps that starts at step {@code offset} (after a resume).
     *
     * @param task the label in front of the bar
     */
    ProgressListener(String task, int offset, int total) {
        this.offset = offset;
        this.bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .startsFrom(offset, Duration.ZERO)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setMaxRenderedLength(120)
                .setUnit(" steps", 1)
                .showSpeed(new DecimalFormat("#,##0"))
                .setSpeedUnit(ChronoUnit.SECONDS)
                .build();
    }

    @Override
    public void onStep(StepEvent e) {
        runningLoss = Double.isNaN(runningLoss) ? e.loss() : (1 - SMOOTHING) * runningLoss + SMOOTHING * e.loss();
        bar.stepTo(offset + e.step() + 1L);
        bar.setExtraMessage(String.format(" loss %.4f  lr %s", runningLoss, e.learningRate()));
    }

    /** The smoothed loss of the last steps. */
    double runningLoss() {
        return runningLoss;
    }

    @Override
    public void close() {
        bar.close();
    }
}
