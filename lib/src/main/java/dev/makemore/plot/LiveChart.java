package dev.makemore.plot;

import dev.makemore.train.StepEvent;
import dev.makemore.train.StepListener;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.knowm.xchart.XYChart;

/**
 * A loss curve that redraws itself in the running notebook cell while a training loop runs.
 *
 * <p>lib does not know the kernel: you pass two callbacks, how to show a chart (returning a display id) and
 * how to replace the output with that id. In a notebook:
 * <pre>
 * LiveChart live = LiveChart.of(chart -> display(chart), (id, chart) -> updateDisplay(id, chart));
 * trainer.onStep(live).train(200_000);
 * live.finish();
 * </pre>
 * Redraws are throttled (by default to one every 500 ms) because rendering a chart costs far more than a
 * training step. The curve shows the mean log10 loss of each block of {@value #BLOCK} steps.
 */
public final class LiveChart implements StepListener {

    /** Steps averaged into one point. */
    public static final int BLOCK = 100;

    /** Default minimum time between redraws. */
    public static final long DEFAULT_INTERVAL_MILLIS = 500;

    private final Function<? super XYChart, String> show;
    private final BiConsumer<String, ? super XYChart> update;
    private final LongSupplier clockMillis;
    private final long intervalMillis;
    private final XYChart chart = Charts.xy("Training loss (live)", "step", "log10(loss), mean of " + BLOCK + " steps", 900, 400);
    private double[] x = new double[64];
    private double[] y = new double[64];
    private int points;
    private double blockSum;
    private int blockCount;
    private int lastStep = -1;
    private String displayId;
    private long lastDraw;

    private LiveChart(Function<? super XYChart, String> show, BiConsumer<String, ? super XYChart> update,
            LongSupplier clockMillis, long intervalMillis) {
        this.show = show;
        this.update = update;
        this.clockMillis = clockMillis;
        this.intervalMillis = intervalMillis;
        Charts.line(chart, "log10 loss", new double[] {0}, new double[] {0}); // replaced by the first draw
    }

    /** A live chart drawn through {@code show} (first time) and {@code update} (afterwards). */
    public static LiveChart of(Function<? super XYChart, String> show, BiConsumer<String, ? super XYChart> update) {
        return new LiveChart(show, update, System::currentTimeMillis, DEFAULT_INTERVAL_MILLIS);
    }

    /** As {@link #of}, with a chosen clock and redraw interval (for tests and slow displays). */
    public static LiveChart of(Function<? super XYChart, String> show, BiConsumer<String, ? super XYChart> update,
            LongSupplier clockMillis, long intervalMillis) {
        return new LiveChart(show, update, clockMillis, intervalMillis);
    }

    @Override
    public void onStep(StepEvent event) {
        blockSum += Math.log10(event.loss());
        blockCount++;
        lastStep = event.step();
        if (blockCount == BLOCK) {
            addPoint();
        }
        if (displayId == null || clockMillis.getAsLong() - lastDraw >= intervalMillis) {
            draw();
        }
    }

    /** Draws the final state, including a last partial block; call it after training. */
    public void finish() {
        if (blockCount > 0) {
            addPoint();
        }
        draw();
    }

    /** The chart being drawn. */
    public XYChart chart() {
        return chart;
    }

    private void addPoint() {
        if (points == x.length) {
            x = Arrays.copyOf(x, points * 2);
            y = Arrays.copyOf(y, points * 2);
        }
        x[points] = lastStep;
        y[points] = blockSum / blockCount;
        points++;
        blockSum = 0;
        blockCount = 0;
    }

    /** Draws the finished blocks plus the block in progress, so even the first image shows a real loss. */
    private void draw() {
        int n = points + (blockCount > 0 ? 1 : 0);
        if (n > 0) {
            double[] xs = Arrays.copyOf(x, n);
            double[] ys = Arrays.copyOf(y, n);
            if (blockCount > 0) {
                xs[n - 1] = lastStep;
                ys[n - 1] = blockSum / blockCount;
            }
            chart.updateXYSeries("log10 loss", xs, ys, null);
        }
        if (displayId == null) {
            displayId = show.apply(chart);
        } else {
            update.accept(displayId, chart);
        }
        lastDraw = clockMillis.getAsLong();
    }
}
