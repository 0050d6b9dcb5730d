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
 *
 * <p>{@link #over} draws earlier runs under the current one, faint, each named in the legend by what it
 * changed; {@link dev.makemore.runs.RunLog#liveChart} does that with the runs it has kept.
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
    /** Colours of earlier runs: light, so the current run stands out. */
    private static final java.awt.Color[] FAINT = {new java.awt.Color(150, 180, 215), new java.awt.Color(235, 180, 140),
        new java.awt.Color(160, 205, 160), new java.awt.Color(210, 160, 200), new java.awt.Color(190, 190, 190),
        new java.awt.Color(220, 200, 130), new java.awt.Color(150, 205, 205), new java.awt.Color(200, 170, 150)};

    private final XYChart chart = Charts.xy("Training loss (live)", "step", "log10(loss), mean of " + BLOCK + " steps", 900, 400);
    private String current = "log10 loss";
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
        Charts.stepAxis(chart);
        Charts.line(chart, current, new double[] {0}, new double[] {0}).setLineColor(new java.awt.Color(31, 90, 160));
        // replaced by the first draw
    }

    /**
     * Draws {@code earlier} curves (x: steps, y: mean log10 loss) under this run's, each faint and named in the
     * legend by its label; the current run is named {@code label}. Call before training starts.
     *
     * @param earlier legend name to {@code {x, y}} curves, oldest first
     */
    public LiveChart over(java.util.Map<String, double[][]> earlier, String label) {
        java.util.Map<String, org.knowm.xchart.XYSeries> old = new java.util.LinkedHashMap<>(chart.getSeriesMap());
        old.keySet().forEach(chart::removeSeries);
        int i = 0;
        for (java.util.Map.Entry<String, double[][]> e : earlier.entrySet()) {
            double[][] xy = e.getValue();
            if (xy[0].length == 0 || e.getKey().equals(label)) {
                continue;
            }
            Charts.line(chart, e.getKey(), xy[0], xy[1]).setLineColor(FAINT[i++ % FAINT.length])
                    .setLineWidth(1.2f);
        }
        current = label;
        Charts.line(chart, current, new double[] {0}, new double[] {0}).setLineColor(new java.awt.Color(31, 90, 160))
                .setLineWidth(2.5f);
        chart.getStyler().setLegendVisible(true);
        return this;
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
        x[points] = lastStep + 1; // steps done: the last point of a full run sits at 200,000
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
                xs[n - 1] = lastStep + 1;
                ys[n - 1] = blockSum / blockCount;
            }
            chart.updateXYSeries(current, xs, ys, null);
        }
        if (displayId == null) {
            displayId = show.apply(chart);
        } else {
            update.accept(displayId, chart);
        }
        lastDraw = clockMillis.getAsLong();
    }
}
