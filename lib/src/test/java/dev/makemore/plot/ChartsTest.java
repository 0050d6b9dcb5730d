package dev.makemore.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.makemore.Fixtures;
import dev.makemore.Torch;
import dev.makemore.data.Bigrams;
import dev.makemore.data.Vocab;
import dev.makemore.train.Diagnostics;
import dev.makemore.train.LossHistory;
import dev.makemore.train.StepEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import org.junit.jupiter.api.Test;

class ChartsTest {

    @Test
    void lossCurvesPlotEveryStepOrWindowMeans() throws IOException {
        LossHistory h = new LossHistory();
        for (int i = 0; i < 3_000; i++) {
            h.add(3f - i / 1_000f);
        }
        XYChart raw = Charts.lossCurve(h);
        assertEquals(3_000, raw.getSeriesMap().get("log10 loss").getXData().length);
        XYChart smooth = Charts.smoothedLossCurve(h, 1_000);
        assertEquals(3, smooth.getSeriesMap().get("log10 loss").getYData().length);
        assertRenders(smooth);
    }

    @Test
    void bigramHeatmapIs27By27AndRenders() throws IOException {
        Vocab vocab = Vocab.of(Fixtures.words());
        HeatMapChart chart = Charts.bigramHeatmap(Bigrams.count(Fixtures.words(), vocab));
        assertEquals(27, chart.getHeatMapSeries().getXData().size());
        assertEquals(27, chart.getHeatMapSeries().getYData().size());
        assertRenders(chart);
    }

    @Test
    void embeddingScatterHasOnePointPerCharacter() throws IOException {
        try (NDManager m = Torch.newManager()) {
            Vocab vocab = Vocab.of(List.of("abc"));
            XYChart chart = Charts.embeddingScatter(m.randomNormal(new Shape(4, 2)), vocab);
            assertEquals(4, chart.getSeriesMap().get("characters").getXData().length);
            assertRenders(chart);
        }
    }

    @Test
    void histogramsAndUpdateRatiosHaveOneLinePerLayer() throws IOException {
        float[] values = {-0.99f, -0.5f, 0f, 0.5f, 0.98f};
        List<Diagnostics.ActivationStats> layers = List.of(new Diagnostics.ActivationStats(4, values, values),
                new Diagnostics.ActivationStats(7, values, values));
        XYChart act = Charts.activationHistograms(layers);
        assertEquals(2, act.getSeriesMap().size());
        assertTrue(act.getSeriesMap().keySet().iterator().next().contains("saturated 40.00%"));
        assertRenders(act);
        assertEquals(2, Charts.activationGradientHistograms(layers).getSeriesMap().size());
        List<float[]> ud = List.of(new float[] {-3.5f, -2f, -1f}, new float[] {-3.4f, -2.1f, -1f});
        XYChart ratios = Charts.updateRatios(ud, List.of(new Shape(27, 10), new Shape(10), new Shape(10, 27)));
        assertEquals(3, ratios.getSeriesMap().size(), "two 2-D parameters and the 1e-3 guide");
        assertRenders(ratios);
    }

    @Test
    void liveChartShowsOnceThenUpdatesAtMostOncePerInterval() {
        AtomicLong clock = new AtomicLong();
        List<String> calls = new ArrayList<>();
        LiveChart live = LiveChart.of(chart -> {
            calls.add("show");
            return "id-1";
        }, (id, chart) -> calls.add("update " + id), clock::get, 500);
        for (int step = 0; step < 1_000; step++) {
            clock.addAndGet(1); // 1 ms per step
            live.onStep(new StepEvent(step, 1_000, 2f, 0.1f, null));
        }
        assertEquals("show", calls.get(0));
        assertEquals(List.of("show", "update id-1"), calls, "shown at t=1 ms, updated at t=501 ms, nothing by t=1000 ms");
        live.finish();
        assertEquals("update id-1", calls.get(calls.size() - 1));
        assertEquals(10, live.chart().getSeriesMap().get("log10 loss").getXData().length);
    }

    @Test
    void theFirstImageShowsTheFirstLossNotAPlaceholder() {
        List<double[]> shown = new ArrayList<>();
        LiveChart live = LiveChart.of(chart -> {
            shown.add(chart.getSeriesMap().get("log10 loss").getYData());
            return "id";
        }, (id, chart) -> { }, () -> 0L, 500);
        live.onStep(new StepEvent(0, 10, 100f, 0.1f, null));
        assertEquals(1, shown.size());
        assertEquals(1, shown.get(0).length);
        assertEquals(2.0, shown.get(0)[0], 1e-12, "log10 of the first loss, 100");
    }

    @Test
    void stepAxisReadsAsAReaderWritesStepCounts() {
        assertEquals("0", Charts.steps(0.0));
        assertEquals("950", Charts.steps(950.0));
        assertEquals("2.5k", Charts.steps(2_500.0));
        assertEquals("50k", Charts.steps(50_000.0));
        assertEquals("200k", Charts.steps(200_000.0));
        assertEquals("1.5M", Charts.steps(1_500_000.0));
        XYChart chart = LiveChart.of(c -> "id", (id, c) -> { }).chart();
        assertEquals(0.0, chart.getStyler().getXAxisMin());
        assertEquals("50k", chart.getStyler().getxAxisTickLabelsFormattingFunction().apply(50_000.0));
    }

    @Test
    void aLiveChartOverEarlierRunsDrawsThemAndPutsThisRunLastAtFullLength() throws IOException {
        java.util.Map<String, double[][]> earlier = new java.util.LinkedHashMap<>();
        earlier.put("lecture settings", new double[][] {{100, 200, 300}, {0.5, 0.4, 0.35}});
        earlier.put("nHidden 200 → 100", new double[][] {{100, 200, 300}, {0.55, 0.45, 0.4}});
        LiveChart live = LiveChart.of(c -> "id", (id, c) -> { }, () -> 0L, 0).over(earlier, "this run: nEmbd 10 → 12");
        for (int step = 0; step < 250; step++) {
            live.onStep(new StepEvent(step, 250, 2f, 0.1f, null));
        }
        live.finish();
        List<String> names = new ArrayList<>(live.chart().getSeriesMap().keySet());
        assertEquals(List.of("lecture settings", "nHidden 200 → 100", "this run: nEmbd 10 → 12"), names);
        double[] x = live.chart().getSeriesMap().get("this run: nEmbd 10 → 12").getXData();
        assertEquals(List.of(100.0, 200.0, 250.0), java.util.Arrays.stream(x).boxed().toList(), "steps done at each point");
        assertTrue(live.chart().getStyler().isLegendVisible());
        assertRenders(live.chart());
    }

    private static void assertRenders(Chart<?, ?> chart) throws IOException {
        assertTrue(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG).length > 1_000);
    }
}
