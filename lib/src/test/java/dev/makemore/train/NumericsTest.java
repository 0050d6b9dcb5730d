package dev.makemore.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.makemore.Numerics;
import dev.makemore.Torch;
import dev.makemore.data.Datasets;
import dev.makemore.data.Names;
import dev.makemore.nn.BatchNorm1d;
import dev.makemore.nn.Layer;
import dev.makemore.nn.Mlp;
import dev.makemore.nn.Models;
import dev.makemore.nn.Sequential;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Trainer's step paths against the lecture's layer-by-layer autograd step, on the real data, the same
 * seeds and the same randint stream: the staged EXACT path and FAST's hand-written MLP bit for bit, FAST's
 * fused BatchNorm to float rounding only.
 */
class NumericsTest {

    private static final int STEPS = 300;

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

    private record Run(float[] losses, float[] parameters) {}

    /** The model's layers behind a Layer the Trainer does not know: it trains layer by layer, the lecture's way. */
    private static Layer layerByLayer(Layer model) {
        return new Layer() {
            @Override
            public NDArray forward(NDArray x) {
                return model.forward(x);
            }

            @Override
            public List<NDArray> parameters() {
                return model.parameters();
            }

            @Override
            public void train(boolean training) {
                model.train(training);
            }
        };
    }

    private static Run run(String name, Numerics numerics, boolean lectureWay) {
        Torch.seed(name.equals("wavenet") ? 42 : 2147483647L);
        Function<NDManager, Layer> build = switch (name) {
            case "mlp" -> m -> new Mlp(27, 3, 10, 200, Mlp.Init.PLAIN, m);
            case "bn" -> m -> Models.deepBatchNorm(27, 3, 10, 100, 5, m);
            default -> m -> dev.makemore.train.LectureRun.WAVENET.settings().sequential(27, m);
        };
        Layer model = build.apply(manager);
        float[] losses = new float[STEPS];
        Layer trained = lectureWay ? layerByLayer(model) : model;
        new Trainer(trained, (name.equals("wavenet") ? block8 : block3).train(), 32, LearningRate.constant(0.1f), numerics)
                .onStep(e -> losses[e.step()] = e.loss())
                .train(STEPS);
        return new Run(losses, flatten(model.parameters()));
    }

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

    @Test
    void exactStagedStepIsTheLayerByLayerStepBitForBit() {
        for (String name : List.of("mlp", "bn", "wavenet")) {
            Run lecture = run(name, Numerics.EXACT, true);
            Run staged = run(name, Numerics.EXACT, false);
            for (int i = 0; i < STEPS; i++) {
                assertEquals(lecture.losses()[i], staged.losses()[i], name + ": loss of step " + i);
            }
            assertArrayEquals(lecture.parameters(), staged.parameters(), name + ": parameters after " + STEPS + " steps");
        }
    }

    @Test
    void fastMlpHandWrittenBackwardIsStillBitForBit() {
        Run lecture = run("mlp", Numerics.EXACT, true);
        Run fast = run("mlp", Numerics.FAST, false);
        assertEquals(27.881733f, fast.losses()[0], 1e-5f, "the lecture's initial loss");
        assertArrayEquals(lecture.losses(), fast.losses());
        assertArrayEquals(lecture.parameters(), fast.parameters());
    }

    @Test
    void fastBatchNormFollowsTheLectureToFloatRoundingOnly() {
        for (String name : List.of("bn", "wavenet")) {
            Run lecture = run(name, Numerics.EXACT, true);
            Run fast = run(name, Numerics.FAST, false);
            Run again = run(name, Numerics.FAST, false);
            assertArrayEquals(fast.losses(), again.losses(), name + ": FAST is not deterministic");
            assertArrayEquals(fast.parameters(), again.parameters(), name + ": FAST is not deterministic");
            double worst = 0;
            for (int i = 0; i < STEPS; i++) {
                worst = Math.max(worst, Math.abs(lecture.losses()[i] - fast.losses()[i]));
            }
            System.out.printf("%s: FAST vs lecture, largest per-step loss difference over %d steps %.2e%n", name, STEPS, worst);
            assertEquals(lecture.losses()[0], fast.losses()[0], 1e-6f, name + " step 0");
            assertTrue(worst < 1e-4, name + ": largest per-step loss difference " + worst);
            assertTrue(worst > 0, name + ": FAST matched every loss bit for bit, so the fused batch_norm did not run");
        }
    }

    @Test
    void fastConvNetFollowsTheExactOneToFloatRoundingOnly() {
        List<String> words = Names.loadDefault();
        dev.makemore.data.Split split = dev.makemore.data.Split.of(words);
        dev.makemore.data.NameSequences names = dev.makemore.data.NameSequences.of(split.train(), block8.vocab(), 8);
        float[][] runs = new float[3][];
        Numerics[] modes = {Numerics.EXACT, Numerics.FAST, Numerics.FAST};
        for (int r = 0; r < runs.length; r++) {
            Torch.seed(42);
            dev.makemore.nn.ConvNet conv = dev.makemore.nn.ConvNet.of(dev.makemore.train.LectureRun.WAVENET.settings().sequential(27, manager));
            float[] losses = new float[60];
            new ConvTrainer(conv, names, 32, LearningRate.constant(0.1f), manager, modes[r])
                    .onStep(e -> losses[e.step()] = e.loss()).train(losses.length);
            runs[r] = losses;
        }
        assertArrayEquals(runs[1], runs[2], "FAST conv is not deterministic");
        double worst = 0;
        for (int i = 0; i < runs[0].length; i++) {
            worst = Math.max(worst, Math.abs(runs[0][i] - runs[1][i]));
        }
        System.out.printf("conv: FAST vs EXACT, largest per-step loss difference over %d steps %.2e%n", runs[0].length, worst);
        assertTrue(worst < 1e-4 && worst > 0, "largest per-step loss difference " + worst);
    }

    @Test
    void listenersSeeThisStepsGradientsInFast() {
        Torch.seed(2147483647L);
        Sequential deep = Models.deepBatchNorm(27, 3, 10, 100, 5, manager);
        Diagnostics.UpdateRatios ratios = new Diagnostics.UpdateRatios();
        float[] gradSum = new float[1];
        new Trainer(deep, block3.train(), 32, LearningRate.constant(0.1f), Numerics.FAST)
                .onStep(ratios)
                .onStep(e -> gradSum[0] = deep.parameters().get(1).getGradient().abs().sum().getFloat())
                .train(5);
        assertTrue(gradSum[0] > 0, "a listener sees the step's gradients");
        assertFalse(ratios.history().isEmpty(), "update ratios recorded");
    }

    @Test
    void numericsParsesItsNamesAndNamesTheChoicesOtherwise() {
        assertEquals(Numerics.FAST, Numerics.parse("fast"));
        assertEquals(Numerics.EXACT, Numerics.parse(" EXACT "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Numerics.parse("quick"));
        assertTrue(e.getMessage().contains("exact or fast") && e.getMessage().contains("quick"), e.getMessage());
    }
}
