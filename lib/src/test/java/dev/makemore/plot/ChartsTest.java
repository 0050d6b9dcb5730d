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

    private static void assertRenders(Chart<?, ?> chart) throws IOException {
        assertTrue(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG).length > 1_000);
    }
}
