package dev.makemore.runs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.makemore.Hyperparameters;
import dev.makemore.Numerics;
import dev.makemore.Torch;
import dev.makemore.data.Datasets;
import dev.makemore.data.Names;
import dev.makemore.train.LectureRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A run trained beside others reproduces the run trained alone, bit for bit; one interrupt stops them all. */
class SweepTest {

    private static NDManager manager;
    private static final Map<Integer, Datasets> DATA = new ConcurrentHashMap<>();
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    @BeforeAll
    static void open() {
        manager = Torch.newManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static Datasets data(Hyperparameters h) {
        return DATA.computeIfAbsent(h.blockSize(), b -> Datasets.of(Names.loadDefault(), b, manager));
    }

    /** Losses and final parameters of {@code h} trained alone, drawing from torch's global generator. */
    private static Object[] alone(Hyperparameters h) {
        TrainingRun run = new TrainingRun("alone", h, null);
        run.prepare(data(h), manager);
        run.trainer().train(h.steps());
        return new Object[] {run.trainer().history().log10Losses(), parameters(run)};
    }

    private static List<float[]> parameters(TrainingRun run) {
        List<float[]> out = new ArrayList<>();
        for (NDArray p : run.model().parameters()) {
            out.add(p.toFloatArray());
        }
        return out;
    }

    @Test
    void eachRunBesideOthersReproducesItsLoneRunBitForBit() {
        Hyperparameters mlp = LectureRun.MLP_KAIMING.settings().steps(300);
        Hyperparameters wavenet = LectureRun.WAVENET.settings().steps(200).numerics(Numerics.FAST);
        Hyperparameters bug = LectureRun.HIERARCHICAL_BN_BUG.settings().steps(150); // the layer-by-layer path
        Hyperparameters deep = LectureRun.DEEP_BN.settings().steps(250).nHidden(64);
        List<Hyperparameters> all = List.of(mlp, wavenet, bug, deep); // four runs, three at a time
        List<Object[]> lone = all.stream().map(SweepTest::alone).toList();

        // the lone runs left the global generator elsewhere; the sweep re-seeds each run as it builds it
        manager.randomInteger(0, 10, new Shape(1_234), DataType.INT64).close();
        List<TrainingRun> side = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            side.add(new TrainingRun("run " + i, all.get(i), null));
        }
        List<String> shown = new ArrayList<>();
        assertTrue(Sweep.train(side, SweepTest::data, manager, c -> {
            shown.add("show");
            return "id";
        }, (id, c) -> shown.add("update"), QUIET, 3));

        for (int i = 0; i < all.size(); i++) {
            assertArrayEquals((float[]) lone.get(i)[0], side.get(i).trainer().history().log10Losses(),
                    all.get(i).lecture() + ": every step's loss");
            @SuppressWarnings("unchecked")
            List<float[]> before = (List<float[]>) lone.get(i)[1];
            List<float[]> after = parameters(side.get(i));
            for (int k = 0; k < before.size(); k++) {
                assertArrayEquals(before.get(k), after.get(k), all.get(i).lecture() + ": parameter " + k);
            }
        }
        assertEquals("show", shown.get(0), "one live chart for all runs");

        // the global generator stands where the last run, trained alone, left it
        long[] next = manager.randomInteger(0, 1_000, new Shape(8), DataType.INT64).toLongArray();
        alone(deep);
        assertArrayEquals(manager.randomInteger(0, 1_000, new Shape(8), DataType.INT64).toLongArray(), next);
    }

    @Test
    void oneInterruptStopsEveryRunAndKeepsEveryModel() throws Exception {
        List<TrainingRun> runs = List.of(
                new TrainingRun("a", LectureRun.MLP.settings().steps(1_000_000), null),
                new TrainingRun("b", LectureRun.MLP.settings().steps(1_000_000).nHidden(50), null));
        AtomicReference<Boolean> finished = new AtomicReference<>();
        Thread cell = new Thread(() -> finished.set(Sweep.train(runs, SweepTest::data, manager, c -> "id", (id, c) -> { },
                QUIET, 2)));
        cell.start();
        long until = System.currentTimeMillis() + 30_000;
        while (runs.stream().anyMatch(r -> r.trainer() == null || r.trainer().step() < 200) && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        cell.interrupt();
        cell.join(30_000);
        assertFalse(cell.isAlive(), "the sweep returned after the interrupt");
        assertEquals(Boolean.FALSE, finished.get());
        for (TrainingRun r : runs) {
            int steps = r.trainer().step();
            assertTrue(steps >= 200 && steps < 1_000_000, r.name() + " stopped at " + steps);
            assertTrue(r.trainer().wasInterrupted());
            assertTrue(Float.isFinite(r.trainer().history().log10Losses()[steps - 1]));
        }
    }
}
