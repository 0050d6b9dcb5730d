package dev.makemore.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.makemore.Torch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link SequenceLoss}: the mean over the positions whose target is not -1. */
class ZooLossTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = Torch.newManager();
        Torch.seed(1);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void ignoredPositionsNeitherAddNorCount() {
        double[] z = manager.randomNormal(0f, 1f, new Shape(2, 3, 4), DataType.FLOAT64).toDoubleArray();
        long[] y = {1, -1, 3, 0, 2, -1};
        double sum = 0;
        int n = 0;
        for (int pos = 0; pos < 6; pos++) {
            if (y[pos] == -1) {
                continue;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < 4; k++) {
                max = Math.max(max, z[pos * 4 + k]);
            }
            double e = 0;
            for (int k = 0; k < 4; k++) {
                e += Math.exp(z[pos * 4 + k] - max);
            }
            sum += -(z[pos * 4 + (int) y[pos]] - max - Math.log(e));
            n++;
        }
        NDArray loss = SequenceLoss.crossEntropy(manager.create(z, new Shape(2, 3, 4)), manager.create(y, new Shape(2, 3)));
        assertEquals(sum / n, loss.getDouble(), 1e-12);
    }

    @Test
    void ignoredPositionsGetNoGradient() {
        NDArray logits = manager.randomNormal(0f, 1f, new Shape(1, 3, 4), DataType.FLOAT32);
        logits.setRequiresGradient(true);
        NDArray y = manager.create(new long[] {2, -1, 0}, new Shape(1, 3));
        try (GradientCollector collector = Torch.engine().newGradientCollector()) {
            collector.backward(SequenceLoss.crossEntropy(logits, y));
        }
        float[] g = logits.getGradient().toFloatArray();
        assertArrayEquals(new float[4], java.util.Arrays.copyOfRange(g, 4, 8));
        // the counted positions: (softmax - onehot) / 2
        float[] p = logits.get("0, 0").softmax(0).toFloatArray();
        assertEquals((p[2] - 1) / 2, g[2], 1e-6f);
        assertEquals(p[1] / 2, g[1], 1e-6f);
    }

    @Test
    void withoutIgnoredTargetsItIsTheUsualCrossEntropy() {
        NDArray logits = manager.randomNormal(0f, 1f, new Shape(2, 3, 5), DataType.FLOAT32);
        NDArray y = manager.create(new long[] {0, 1, 2, 3, 4, 0}, new Shape(2, 3));
        float usual = dev.makemore.nn.F.crossEntropy(logits.reshape(6, 5), y.reshape(6)).getFloat();
        assertEquals(usual, SequenceLoss.crossEntropy(logits, y).getFloat(), 1e-6f);
    }
}
