package dev.makemore.plot;

import dev.makemore.train.StepListener;
import java.awt.Color;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.knowm.xchart.XYChart;

/**
 * The live loss curves of several runs training at once, one line each. Each run adds its losses from its own
 * thread through {@link #listener(String)}; the thread that shows the chart (the notebook cell's) calls
 * {@link #draw()} now and then, since only that thread may update the cell's output. Like {@link LiveChart} it
 * plots the mean log10 loss of each block of {@value LiveChart#BLOCK} steps, at the steps done.
 */
public final class SweepChart {

    private static final Color[] COLORS = {new Color(31, 90, 160), new Color(214, 96, 40), new Color(44, 140, 60),
        new Color(170, 50, 140), new Color(120, 120, 120), new Color(190, 150, 20), new Color(30, 150, 150),
        new Color(140, 80, 40)};

    private final Function<? super XYChart, String> show;
    private final BiConsumer<String, ? super XYChart> update;
    private final XYChart chart = Charts.xy("Training loss (live), runs side by side", "step",
            "log10(loss), mean of " + LiveChart.BLOCK + " steps", 900, 420);
    private final Map<String, Curve> curves = new LinkedHashMap<>();
    private String displayId;

    /** One run's points; written by its training thread, read by the drawing thread, both under the curve's lock. */
    private static final class Curve {
        private double[] x = new double[64];
        private double[] y = new double[64];
        private int points;
        private double sum;
        private int count;
        private int lastStep = -1;

        synchronized void add(int step, float loss) {
            sum += Math.log10(loss);
            count++;
            lastStep = step;
            if (count == LiveChart.BLOCK) {
                close();
            }
        }

        private void close() {
            if (points == x.length) {
                x = Arrays.copyOf(x, points * 2);
                y = Arrays.copyOf(y, points * 2);
            }
            x[points] = lastStep + 1;
            y[points] = sum / count;
            points++;
            sum = 0;
            count = 0;
        }

        /** The finished blocks and the one in progress. */
        synchronized double[][] snapshot() {
            int n = points + (count > 0 ? 1 : 0);
            double[] xs = Arrays.copyOf(x, n);
            double[] ys = Arrays.copyOf(y, n);
            if (count > 0) {
                xs[n - 1] = lastStep + 1;
                ys[n - 1] = sum / count;
            }
            return new double[][] {xs, ys};
        }
    }

    /** A chart of the runs named {@code names}, in that order, drawn through {@code show} and then {@code update}. */
    public SweepChart(List<String> names, Function<? super XYChart, String> show, BiConsumer<String, ? super XYChart> update) {
        this.show = show;
        this.update = update;
        Charts.stepAxis(chart);
        chart.getStyler().setLegendVisible(true);
        for (String name : names) {
            if (curves.put(name, new Curve()) != null) {
                throw new IllegalArgumentException("two runs are called '" + name + "'");
            }
        }
    }

    /** What the run called {@code name} calls after each step (from any thread). */
    public StepListener listener(String name) {
        Curve c = curves.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no run called '" + name + "' on this chart");
        }
        return e -> c.add(e.step(), e.loss());
    }

    /**
     * Redraws every curve as it stands (call from the thread that owns the display); a run without a step yet gets
     * its line once it has one. Nothing is shown before the first step of any run.
     */
    public void draw() {
        int i = 0;
        for (Map.Entry<String, Curve> e : curves.entrySet()) {
            Color color = COLORS[i++ % COLORS.length];
            double[][] xy = e.getValue().snapshot();
            if (xy[0].length == 0) {
                continue;
            }
            if (chart.getSeriesMap().containsKey(e.getKey())) {
                chart.updateXYSeries(e.getKey(), xy[0], xy[1], null);
            } else {
                Charts.line(chart, e.getKey(), xy[0], xy[1]).setLineColor(color);
            }
        }
        if (chart.getSeriesMap().isEmpty()) {
            return;
        }
        if (displayId == null) {
            displayId = show.apply(chart);
        } else {
            update.accept(displayId, chart);
        }
    }

    /** The chart. */
    public XYChart chart() {
        return chart;
    }
}
