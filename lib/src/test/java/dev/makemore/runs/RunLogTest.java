package dev.makemore.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.makemore.Knob;
import dev.makemore.train.LectureRun;
import dev.makemore.train.LossHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.Table;

/** The run history keeps runs across "restarts" (a new RunLog on the same folder) and draws them together. */
class RunLogTest {

    @TempDir
    Path dir;

    private static LossHistory history(int steps, double start) {
        LossHistory h = new LossHistory();
        for (int i = 0; i < steps; i++) {
            h.add((float) (start - i * 1e-4));
        }
        return h;
    }

    private RunRecord record(RunLog log, String change, double val) {
        var hp = LectureRun.WAVENET.settings();
        hp = change == null ? hp : hp.nHidden(Integer.parseInt(change));
        return log.record(hp.lecture(), hp.toMap(), hp.changes(), "exact", history(1_000, 3.0), 1_000, 76_579, 2.0,
                val, Duration.ofSeconds(3), false);
    }

    @Test
    void runsSurviveARestartAndTheTableMarksTheBestValLoss() throws Exception {
        RunLog first = RunLog.in(dir, "05-wavenet");
        record(first, null, 2.10);
        Thread.sleep(5);
        RunRecord better = record(first, "100", 2.05);
        Thread.sleep(5);
        record(first, "50", 2.20);

        RunLog again = RunLog.in(dir, "05-wavenet"); // a new kernel
        assertEquals(3, again.runs().size());
        assertEquals(List.of("nHidden 128 → 100"), again.find(better.id()).changes());
        assertTrue(again.runs().get(0).curveSteps().length <= RunLog.CURVE_POINTS);
        Table t = again.table();
        assertEquals(3, t.rowCount());
        int best = t.stringColumn("best val").indexOf("★ best");
        assertEquals(better.id(), t.stringColumn("run").get(best));
        assertEquals(1, t.stringColumn("best val").countOccurrences("★ best"));
        try (var files = Files.list(dir)) {
            assertEquals(3, files.filter(f -> f.toString().endsWith(".json")).count(), "one file per run, no temporaries");
        }
    }

    @Test
    void aDamagedFileIsSkippedAndLeftAloneAndARunCanBeRemoved() throws Exception {
        RunLog log = RunLog.in(dir, "cli");
        RunRecord r = record(log, null, 2.1);
        Path junk = dir.resolve("junk.json");
        Files.writeString(junk, "{ not json");
        assertEquals(1, log.runs().size());
        assertTrue(Files.exists(junk));
        log.remove(r.id());
        assertEquals(0, log.runs().size());
        assertThrows(IllegalArgumentException.class, () -> log.remove(r.id()));
    }

    @Test
    void theLiveChartDrawsEarlierRunsOfTheSameLectureRunNamedByWhatChanged() throws Exception {
        RunLog log = RunLog.in(dir, "05-wavenet");
        record(log, null, 2.1);
        Thread.sleep(5);
        record(log, "100", 2.0);
        var hp = LectureRun.MLP.settings();
        log.record(hp.lecture(), hp.toMap(), hp.changes(), "exact", history(10, 3), 10, 1, 2, 2, Duration.ZERO, false);

        List<XYChart> shown = new ArrayList<>();
        var live = log.liveChart(LectureRun.WAVENET.settings().nHidden(64), c -> {
            shown.add(c);
            return "id";
        }, (id, c) -> { });
        Map<String, ?> series = live.chart().getSeriesMap();
        assertEquals(3, series.size(), "two earlier wavenet runs and this one, no mlp: " + series.keySet());
        assertTrue(series.keySet().stream().anyMatch(k -> k.contains("lecture settings")), series.keySet().toString());
        assertTrue(series.keySet().stream().anyMatch(k -> k.contains("nHidden 128 → 100")), series.keySet().toString());
        assertTrue(series.containsKey("this run: nHidden 128 → 64"), series.keySet().toString());
    }

    @Test
    void aNotebooksOwnLoopIsRecordedWithItsKnobs() {
        RunLog log = RunLog.in(dir, "01-bigram");
        RunRecord r = log.record("bigram-gd", List.of(Knob.of("learningRate", 50f, 10f), Knob.of("seed", 1L, 1L)),
                history(200, 3), 729, 2.5, Double.NaN, Duration.ofMillis(1500), false);
        assertEquals(List.of("learningRate 50.0 → 10.0"), r.changes());
        assertEquals("10.0", RunLog.in(dir, "x").find(r.id()).settings().get("learningRate"));
    }
}
