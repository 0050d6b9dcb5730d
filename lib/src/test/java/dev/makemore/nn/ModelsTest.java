package dev.makemore.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.makemore.Torch;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelsTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = Torch.newManager();
        Torch.seed(42);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void parameterCountsAreTheLectures() {
        assertEquals(729, Models.bigram(27, manager).parameterCount());
        assertEquals(11_897, new Mlp(27, 3, 10, 200, Mlp.Init.PLAIN, manager).parameterCount());
        assertEquals(12_097, Models.batchNormMlp(27, 3, 10, 200, manager).parameterCount());
        assertEquals(47_024, Models.deepBatchNorm(27, 3, 10, 100, 5, manager).parameterCount());
        assertEquals(22_097, Models.flat(27, 8, 10, 200, manager).parameterCount());
        assertEquals(22_397, Models.hierarchical(27, 8, 10, 68, BatchNorm1d.Reduce.BATCH_ONLY, manager).parameterCount());
        assertEquals(76_579, dev.makemore.train.LectureRun.WAVENET.settings().sequential(27, manager).parameterCount());
    }

    @Test
    void wavenetShapesThroughEveryLayerAreTheLectures() {
        Sequential model = dev.makemore.train.LectureRun.WAVENET.settings().sequential(27, manager);
        NDArray x = manager.randomInteger(0, 27, new Shape(32, 8), DataType.INT64);
        model.forward(x);
        List<Shape> shapes = model.layers().stream().map(l -> ((RecordingLayer) l).out().getShape()).toList();
        assertEquals(List.of(new Shape(32, 8, 24), new Shape(32, 4, 48), new Shape(32, 4, 128), new Shape(32, 4, 128),
                new Shape(32, 4, 128), new Shape(32, 2, 256), new Shape(32, 2, 128), new Shape(32, 2, 128),
                new Shape(32, 2, 128), new Shape(32, 256), new Shape(32, 128), new Shape(32, 128), new Shape(32, 128),
                new Shape(32, 27)), shapes);
    }

    @Test
    void flattenConsecutiveRefusesAnInputWithoutATimeAxis() {
        FlattenConsecutive f = new FlattenConsecutive(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> f.forward(manager.zeros(new Shape(32, 256))));
        assertEquals(true, e.getMessage().contains("(32, 256)"), e.getMessage());
    }

    @Test
    void initScalingsAreAppliedToTheLastLayer() {
        Sequential deep = Models.deepBatchNorm(27, 3, 10, 100, 5, manager);
        assertEquals(0.1f, ((BatchNorm1d) deep.last()).gamma().getFloat(0), 0f);
        Torch.seed(42);
        Sequential wavenet = dev.makemore.train.LectureRun.WAVENET.settings().sequential(27, manager);
        Torch.seed(42);
        Sequential unscaled = new Sequential(new Embedding(27, 24, manager), new FlattenConsecutive(2),
                new Linear(48, 128, false, manager), new BatchNorm1d(128, manager), new Tanh(), new FlattenConsecutive(2),
                new Linear(256, 128, false, manager), new BatchNorm1d(128, manager), new Tanh(), new FlattenConsecutive(2),
                new Linear(256, 128, false, manager), new BatchNorm1d(128, manager), new Tanh(),
                new Linear(128, 27, true, manager));
        NDArray scaled = ((Linear) wavenet.last()).weight();
        NDArray plain = ((Linear) unscaled.last()).weight();
        assertEquals(plain.mul(0.1f).sub(scaled).abs().max().getFloat(), 0f, 0f);
    }

    @Test
    void bigramReadsTheLastCharacterOfTheContext() {
        Bigram bigram = Models.bigram(27, manager);
        NDArray logits = bigram.forward(manager.create(new long[] {0, 0, 5}, new Shape(1, 3)));
        assertEquals(0f, logits.sub(bigram.weight().get(5).reshape(1, 27)).abs().max().getFloat(), 0f);
    }
}
