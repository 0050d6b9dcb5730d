package dev.makemore.plot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.makemore.data.Bigrams;
import dev.makemore.data.Vocab;
import dev.makemore.train.Diagnostics.ActivationStats;
import dev.makemore.train.Diagnostics.WeightStats;
import dev.makemore.train.LossHistory;
import java.awt.Color;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The lectures' plots as XChart charts. Each method returns the chart; a notebook displays it, the CLI can
 * save it with {@code BitmapEncoder}.
 */
public final class Charts {

    /** Bins of the activation and gradient histograms ({@code torch.histogram}'s default in the lecture is 100). */
    public static final int HISTOGRAM_BINS = 100;

    private Charts() {}

    /** {@code plt.plot(lossi)}: log10 of each step's minibatch loss. */
    public static XYChart lossCurve(LossHistory history) {
        XYChart chart = xy("Training loss", "step", "log10(loss)", 900, 400);
        double[] y = toDouble(history.log10Losses());
        line(chart, "log10 loss", IntStream.range(0, y.length).asDoubleStream().toArray(), y);
        return chart;
    }

    /** Part 5's {@code plt.plot(torch.tensor(lossi).view(-1, window).mean(1))}: the noise averaged away. */
    public static XYChart smoothedLossCurve(LossHistory history, int window) {
        XYChart chart = xy("Training loss, mean of " + window + " steps", "step / " + window, "log10(loss)", 900, 400);
        double[] y = history.windowMeans(window);
        line(chart, "log10 loss", IntStream.range(0, y.length).asDoubleStream().toArray(), y);
        return chart;
    }

    /** Part 1's {@code imshow(N)}: bigram counts, each cell labelled with its bigram and count. */
    public static HeatMapChart bigramHeatmap(Bigrams bigrams) {
        Vocab vocab = bigrams.vocab();
        int v = vocab.size();
        HeatMapChart chart = new HeatMapChartBuilder().width(1200).height(1200).title("Bigram counts").build();
        chart.getStyler().setLegendVisible(false).setChartTitleVisible(false);
        chart.getStyler().setRangeColors(new Color[] {new Color(247, 251, 255), new Color(8, 48, 107)});
        chart.getStyler().setAxisTicksVisible(false);
        int[] axis = IntStream.range(0, v).toArray();
        int[][] heat = new int[v][v]; // heat[x][y]; y runs bottom-up, so row 0 ('.') goes to the top like imshow
        int[][] counts = bigrams.matrix();
        for (int i = 0; i < v; i++) {
            for (int j = 0; j < v; j++) {
                int y = v - 1 - i;
                heat[j][y] = counts[i][j];
                chart.addAnnotation(label(vocab.decode(i, j), inCell(j, v), inCell(y + 0.2, v)));
                chart.addAnnotation(label(Integer.toString(counts[i][j]), inCell(j, v), inCell(y - 0.2, v)));
            }
        }
        chart.addSeries("counts", axis, axis, heat);
        return chart;
    }

    /**
     * The axis coordinate of the middle of heat-map cell {@code k} (plus a fraction of a cell). XChart draws
     * {@code n} cells side by side across the plot, but annotations use an axis that runs from 0 to {@code n - 1}
     * over the same width, so cell {@code k}'s middle is at {@code (k + 0.5) (n - 1) / n}, not at {@code k}.
     */
    private static double inCell(double k, int n) {
        return (k + 0.5) * (n - 1) / n;
    }

    private static AnnotationText label(String text, double x, double y) {
        return new AnnotationText(text, x, y, false);
    }

    /** Part 2's embedding plot: each character at its first two embedding coordinates. */
    public static XYChart embeddingScatter(NDArray table, Vocab vocab) {
        float[] c = table.toFloatArray();
        int dim = (int) table.getShape().get(1);
        if (dim < 2) {
            throw new IllegalArgumentException("embedding scatter needs at least 2 dimensions, table is " + table.getShape());
        }
        int v = vocab.size();
        double[] x = new double[v];
        double[] y = new double[v];
        XYChart chart = xy("Character embeddings (dims 0, 1)", "C[:, 0]", "C[:, 1]", 700, 700);
        for (int i = 0; i < v; i++) {
            x[i] = c[i * dim];
            y[i] = c[i * dim + 1];
            chart.addAnnotation(label(vocab.symbol(i), x[i], y[i]));
        }
        XYSeries points = chart.addSeries("characters", x, y);
        points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        points.setMarker(SeriesMarkers.CIRCLE);
        points.setMarkerColor(new Color(120, 170, 230));
        chart.getStyler().setMarkerSize(28).setLegendVisible(false);
        return chart;
    }

    /** Part 3's "activation distribution": a density histogram of each Tanh layer, with its saturation. */
    public static XYChart activationHistograms(List<ActivationStats> layers) {
        return histograms("activation distribution", layers.size(), i -> layers.get(i).values(), i -> String.format(
                "%s: mean %+.2f, std %.2f, saturated %.2f%%", layers.get(i).label(), layers.get(i).mean(),
                layers.get(i).std(), layers.get(i).saturatedPercent()));
    }

    /** Part 3's "gradient distribution": a density histogram of each Tanh layer's output gradient. */
    public static XYChart activationGradientHistograms(List<ActivationStats> layers) {
        return histograms("gradient distribution", layers.size(), i -> layers.get(i).grads(),
                i -> String.format("%s: mean %+e, std %e", layers.get(i).label(), mean(layers.get(i).grads()),
                        layers.get(i).gradStd()));
    }

    /** Part 3's "weights gradient distribution", with each matrix's grad:data ratio. */
    public static XYChart weightGradientHistograms(List<WeightStats> weights) {
        return histograms("weights gradient distribution", weights.size(), i -> weights.get(i).grads(),
                i -> String.format("%d %s: grad:data %e", weights.get(i).index(), weights.get(i).shape(),
                        weights.get(i).gradToData()));
    }

    /**
     * Part 3's update:data ratio over training, one line per 2-D parameter, with the rule-of-thumb level
     * {@code -3} (updates a thousandth of the values) drawn in black.
     *
     * @param history one array per step from {@code Diagnostics.UpdateRatios}
     * @param parameterShapes the shapes of the parameters, to select the 2-D ones
     */
    public static XYChart updateRatios(List<float[]> history, List<Shape> parameterShapes) {
        XYChart chart = xy("update:data ratio", "step", "log10(update / data)", 900, 400);
        double[] steps = IntStream.range(0, history.size()).asDoubleStream().toArray();
        for (int p = 0; p < parameterShapes.size(); p++) {
            if (parameterShapes.get(p).dimension() != 2) {
                continue;
            }
            int param = p;
            double[] y = history.stream().mapToDouble(r -> r[param]).toArray();
            line(chart, "param " + p + " " + parameterShapes.get(p), steps, y);
        }
        if (steps.length > 0) {
            XYSeries guide = line(chart, "1e-3", new double[] {0, steps.length - 1}, new double[] {-3, -3});
            guide.setLineColor(Color.BLACK);
        }
        return chart;
    }

    private static XYChart histograms(String title, int count, IntFunction<float[]> values, IntFunction<String> legend) {
        XYChart chart = xy(title, "value", "density", 1200, 400);
        for (int i = 0; i < count; i++) {
            double[][] h = Histogram.density(values.apply(i), HISTOGRAM_BINS);
            line(chart, legend.apply(i), h[0], h[1]);
        }
        return chart;
    }

    /**
     * Step counts on the x axis as a reader writes them: {@code 0, 50k, 100k, 150k, 200k} (not {@code 9.9E1,
     * 2.2399E4, ...}), the axis starting at 0.
     */
    public static XYChart stepAxis(XYChart chart) {
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(Charts::steps);
        return chart;
    }

    /** A step count in a few characters: {@code 950}, {@code 2.5k}, {@code 50k}, {@code 1.5M}. */
    public static String steps(Double value) {
        double v = value == null ? 0 : value;
        double a = Math.abs(v);
        if (a >= 1e6) {
            return compact(v / 1e6) + "M";
        }
        if (a >= 1e3) {
            return compact(v / 1e3) + "k";
        }
        return compact(v);
    }

    /** At most two decimals, none when whole: 50, 2.5, 1.25. */
    private static String compact(double v) {
        double r = Math.round(v * 100) / 100.0;
        return r == Math.rint(r) ? Long.toString((long) r) : java.math.BigDecimal.valueOf(r).stripTrailingZeros().toPlainString();
    }

    static XYChart xy(String title, String xTitle, String yTitle, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
                .build();
        chart.getStyler().setMarkerSize(0);
        return chart;
    }

    static XYSeries line(XYChart chart, String name, double[] x, double[] y) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        return s;
    }

    private static double mean(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x;
        }
        return sum / Math.max(1, v.length);
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
