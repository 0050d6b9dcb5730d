package dev.makemore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.makemore.nn.FlattenConsecutive;
import dev.makemore.nn.Layer;
import dev.makemore.nn.Sequential;
import dev.makemore.train.LectureRun;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every knob of the record reaches the network it builds; a combination that cannot work names the knob. */
class HyperparametersTest {

    private static final int V = 27;
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = Torch.newManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** Parameter counts worked out by hand from the layer shapes, for the lecture's and changed settings. */
    @Test
    void parameterCountsFollowTheFormulaOfEachArchitecture() {
        // the lectures' own numbers
        assertEquals(11_897, count(LectureRun.MLP.settings()));
        assertEquals(12_097, count(LectureRun.BN_MLP.settings()));
        assertEquals(47_024, count(LectureRun.DEEP_BN.settings()));
        assertEquals(22_097, count(LectureRun.FLAT.settings()));
        assertEquals(22_397, count(LectureRun.HIERARCHICAL.settings()));
        assertEquals(76_579, count(LectureRun.WAVENET.settings()));
        assertEquals(76_579, count(LectureRun.CONV.settings()));
        assertEquals(729, count(LectureRun.BIGRAM.settings()));
        // MLP: V*e + (b*e)*h + h + h*V + V
        int b = 5, e = 7, h = 33;
        assertEquals(V * e + b * e * h + h + h * V + V, count(LectureRun.MLP.settings().blockSize(b).nEmbd(e).nHidden(h)));
        // BatchNorm MLP: no b1, gain and bias
        assertEquals(V * e + b * e * h + h * V + V + 2 * h, count(LectureRun.BN_MLP.settings().blockSize(b).nEmbd(e).nHidden(h)));
        // deep: V*e + (b*e)*h + 2h + (d-1)(h*h + 2h) + h*V + 2V
        int d = 3;
        assertEquals(V * e + b * e * h + 2 * h + (d - 1) * (h * h + 2 * h) + h * V + 2 * V,
                count(LectureRun.DEEP_BN.settings().blockSize(b).nEmbd(e).nHidden(h).depth(d)));
        // flat: V*e + b*e*h + 2h + h*V + V
        assertEquals(V * e + b * e * h + 2 * h + h * V + V, count(LectureRun.FLAT.settings().blockSize(b).nEmbd(e).nHidden(h)));
        // tree of L = log2(block) levels: V*e + 2e*h + 2h + (L-1)(2h*h + 2h) + h*V + V
        for (int block : new int[] {2, 8, 16, 32}) {
            int levels = Integer.numberOfTrailingZeros(block);
            assertEquals(V * e + 2 * e * h + 2 * h + (levels - 1) * (2 * h * h + 2 * h) + h * V + V,
                    count(LectureRun.WAVENET.settings().blockSize(block).nEmbd(e).nHidden(h)), "block " + block);
        }
    }

    private long count(Hyperparameters hp) {
        Torch.seed(hp.seed());
        return hp.build(V, manager).parameterCount();
    }

    @Test
    void blockSize16GivesAFourLevelTreeThatReadsSixteenCharacters() {
        Sequential net = LectureRun.WAVENET.settings().blockSize(16).sequential(V, manager);
        assertEquals(4, net.layers().stream().filter(l -> l instanceof FlattenConsecutive).count());
        NDArray x = manager.zeros(new Shape(4, 16), ai.djl.ndarray.types.DataType.INT64);
        net.train(false);
        assertEquals(new Shape(4, V), net.forward(x).getShape());
        assertEquals(4, LectureRun.WAVENET.settings().blockSize(16).levels());
    }

    @Test
    void theSeedDecidesTheWeights() {
        Hyperparameters hp = LectureRun.MLP.settings();
        Torch.seed(hp.seed());
        float[] a = hp.build(V, manager).parameters().get(0).toFloatArray();
        Torch.seed(hp.seed(1).seed());
        float[] b = hp.seed(1).build(V, manager).parameters().get(0).toFloatArray();
        assertTrue(!java.util.Arrays.equals(a, b), "another seed, other weights");
    }

    @Test
    void theTrainerTakesBatchScheduleAndNumericsFromTheRecord() {
        Hyperparameters hp = LectureRun.MLP.settings().batchSize(7).lr(0.3f, 0.03f, 5).numerics(Numerics.FAST);
        assertEquals(0.3f, hp.schedule().at(4));
        assertEquals(0.03f, hp.schedule().at(5));
        Layer model = hp.build(V, manager);
        var examples = new dev.makemore.data.Examples(manager.zeros(new Shape(10, 3), ai.djl.ndarray.types.DataType.INT64),
                manager.zeros(new Shape(10), ai.djl.ndarray.types.DataType.INT64));
        var trainer = hp.trainer(model, examples);
        assertEquals(Numerics.FAST, trainer.numerics());
        int[] rows = new int[1];
        trainer.onStep(ev -> rows[0] = (int) ev.step()).train(6);
        assertEquals(5, rows[0]);
    }

    @Test
    void aKnobThatCannotWorkFailsWithOneLineNamingItAndTheRule() {
        var e = assertThrows(Hyperparameters.InvalidKnob.class, () -> LectureRun.WAVENET.settings().blockSize(12).validate());
        assertEquals("blockSize", e.knob());
        assertTrue(e.getMessage().startsWith("blockSize: ") && e.getMessage().contains("power of two")
                && e.getMessage().contains("12") && !e.getMessage().contains("\n"), e.getMessage());
        assertEquals("nHidden", assertThrows(Hyperparameters.InvalidKnob.class,
                () -> LectureRun.MLP.settings().nHidden(-5).validate()).knob());
        assertEquals("nEmbd", assertThrows(Hyperparameters.InvalidKnob.class,
                () -> LectureRun.FLAT.settings().nEmbd(0).validate()).knob());
        assertEquals("batchSize", assertThrows(Hyperparameters.InvalidKnob.class,
                () -> LectureRun.MLP.settings().batchSize(1).validate()).knob());
        assertEquals("lr", assertThrows(Hyperparameters.InvalidKnob.class,
                () -> LectureRun.MLP.settings().lr(-1f, 0.01f, 10).validate()).knob());
        assertEquals("depth", assertThrows(Hyperparameters.InvalidKnob.class,
                () -> LectureRun.MLP.settings().depth(3).validate()).knob());
        assertEquals("steps", assertThrows(Hyperparameters.InvalidKnob.class,
                () -> LectureRun.MLP.settings().steps(0).validate()).knob());
        assertThrows(Hyperparameters.InvalidKnob.class, () -> LectureRun.WAVENET.settings().blockSize(12).build(V, manager),
                "building validates too");
    }

    @Test
    void changesNameEachKnobWithTheLecturesValueAndTheNewOne() {
        assertEquals(List.of(), LectureRun.WAVENET.settings().changes());
        Hyperparameters hp = LectureRun.WAVENET.settings().nHidden(100).steps(2_000).numerics(Numerics.FAST);
        assertEquals(List.of("nHidden 128 → 100", "steps 200,000 → 2,000", "numerics exact → fast"), hp.changes());
        assertEquals(hp, Hyperparameters.fromMap(hp.toMap()), "stored and read back");
        assertEquals(List.of(), LectureRun.MLP.settings().as(LectureRun.MLP_KAIMING).changes(),
                "another lecture network with the same knobs is that lecture's settings");
    }
}
