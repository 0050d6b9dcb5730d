package dev.makemore.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.makemore.Torch;
import dev.makemore.data.Datasets;
import dev.makemore.data.Names;
import dev.makemore.nn.Layer;
import dev.makemore.nn.Mlp;
import dev.makemore.nn.Models;
import dev.makemore.train.LearningRate;
import dev.makemore.train.Trainer;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's fast loops must train the same model as the lib's lecture loop: same seed, same
 * {@code randint} stream, and the same numbers bit for bit; the fused-batch_norm variant, which the bench
 * reports for reference, the same numbers to float rounding only.
 */
class FastLoopTest {

    private static final int STEPS = 300;
    private static final float LR = 0.1f;

    private static NDManager manager;
    private static Datasets block3;
    private static Datasets block8;

    @BeforeAll
    static void setUp() {
        manager = Torch.newManager();
        List<String> words = Names.loadDefault();
        block3 = Datasets.of(words, 3, manager);
        block8 = Datasets.of(words, 8, manager);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    /** The per-step losses of the lib's Trainer, and the model's final parameters. */
    private static Run lecture(long seed, Function<NDManager, Layer> build, Datasets data) {
        Torch.seed(seed);
        Layer model = build.apply(manager);
        float[] losses = new float[STEPS];
        new Trainer(model, data.train(), FastLoop.BATCH, LearningRate.constant(LR))
                .onStep(e -> losses[e.step()] = e.loss())
                .train(STEPS);
        return new Run(losses, flatten(model.parameters()));
    }

    private static Run fast(long seed, Function<NDManager, Layer> build, Datasets data,
            BiFunction<Layer, Datasets, FastLoop> loopOf) {
        Torch.seed(seed);
        Layer model = build.apply(manager);
        float[] losses = new float[STEPS];
        try (FastLoop loop = loopOf.apply(model, data)) {
            for (int i = 0; i < STEPS; i++) {
                losses[i] = loop.step(LR);
            }
            loop.finish();
        }
        return new Run(losses, flatten(model.parameters()));
    }

    private record Run(float[] losses, float[] parameters) {}

    private static float[] flatten(List<NDArray> arrays) {
        int n = arrays.stream().mapToInt(a -> (int) a.size()).sum();
        float[] out = new float[n];
        int k = 0;
        for (NDArray a : arrays) {
            float[] v = a.toFloatArray();
            System.arraycopy(v, 0, out, k, v.length);
            k += v.length;
        }
        return out;
    }

    private static Mlp mlp(NDManager m) {
        return Models.mlp(27, Mlp.Init.PLAIN, m);
    }

    @Test
    void tunedMlpIsTheLectureLoopBitForBit() {
        Run expected = lecture(2147483647L, FastLoopTest::mlp, block3);
        Run actual = fast(2147483647L, FastLoopTest::mlp, block3, (model, d) -> TunedLoop.of(model, d.train(), manager.newSubManager()));
        assertArrayEquals(expected.losses(), actual.losses());
        assertArrayEquals(expected.parameters(), actual.parameters());
    }

    @Test
    void handWrittenBackwardMlpIsTheLectureLoopBitForBit() {
        Run expected = lecture(2147483647L, FastLoopTest::mlp, block3);
        Run actual = fast(2147483647L, FastLoopTest::mlp, block3,
                (model, d) -> new ManualMlpLoop((Mlp) model, d.train(), manager.newSubManager()));
        assertEquals(27.881733f, actual.losses()[0], 1e-5f, "the lecture's initial loss");
        for (int i = 0; i < STEPS; i++) {
            assertEquals(expected.losses()[i], actual.losses()[i], "loss of step " + i);
        }
        assertArrayEquals(expected.parameters(), actual.parameters());
    }

    private static Function<NDManager, Layer> builder(String name) {
        return name.equals("wavenet") ? m -> Models.wavenet(27, m) : m -> Models.deepBatchNorm(27, m);
    }

    private static long seed(String name) {
        return name.equals("wavenet") ? 42 : 2147483647L;
    }

    private static Datasets data(String name) {
        return name.equals("wavenet") ? block8 : block3;
    }

    @Test
    void tunedBatchNormModelsAreTheLectureLoopBitForBit() {
        for (String name : List.of("bn", "wavenet")) {
            Run expected = lecture(seed(name), builder(name), data(name));
            Run actual = fast(seed(name), builder(name), data(name), (model, d) -> TunedLoop.of(model, d.train(), manager.newSubManager()));
            for (int i = 0; i < STEPS; i++) {
                assertEquals(expected.losses()[i], actual.losses()[i], name + ": loss of step " + i);
            }
            assertArrayEquals(expected.parameters(), actual.parameters(), name + ": parameters after " + STEPS + " steps");
        }
    }

    @Test
    void fusedBatchNormFollowsTheLectureLoopToFloatRoundingOnly() {
        for (String name : List.of("bn", "wavenet")) {
            Run expected = lecture(seed(name), builder(name), data(name));
            Run actual = fast(seed(name), builder(name), data(name), (model, d) -> TunedLoop.fused(model, d.train(), manager.newSubManager()));
            Run again = fast(seed(name), builder(name), data(name), (model, d) -> TunedLoop.fused(model, d.train(), manager.newSubManager()));
            assertArrayEquals(actual.losses(), again.losses(), name + ": fused loop is not deterministic");
            assertArrayEquals(actual.parameters(), again.parameters(), name + ": fused loop is not deterministic");
            double worst = 0;
            for (int i = 0; i < STEPS; i++) {
                worst = Math.max(worst, Math.abs(expected.losses()[i] - actual.losses()[i]));
            }
            assertEquals(expected.losses()[0], actual.losses()[0], 1e-6f, name + " step 0");
            assertTrue(worst < 1e-4, name + ": largest per-step loss difference " + worst);
            // The point of keeping it out of the levers: it is not the lecture loop bit for bit.
            assertTrue(worst > 0, name + ": fused batch_norm unexpectedly matched every loss bit for bit");
        }
    }
}
