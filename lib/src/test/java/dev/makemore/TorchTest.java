package dev.makemore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** PyTorch's seeded draws, printed by PyTorch 2.11 (lectures.md §9): DJL must reproduce them. */
class TorchTest {

    @Test
    void generatorSeed2147483647ReproducesPyTorch() {
        try (NDManager m = Torch.newManager()) {
            Torch.seed(2147483647L);
            assertArrayEquals(new float[] {0.7081288695335388f, 0.3542391061782837f, 0.10543233156204224f},
                    m.randomUniform(0f, 1f, new Shape(3)).toFloatArray(), 0f);
            Torch.seed(2147483647L);
            float[] n = m.randomNormal(new Shape(27, 27)).toFloatArray();
            assertArrayEquals(new float[] {1.567362f, -0.237292f, -0.027385f, -1.100779f, 0.285881f, -0.029643f},
                    Arrays.copyOf(n, 6), 1e-6f);
            double sum = 0;
            for (float v : n) {
                sum += v;
            }
            assertEquals(12.195415, sum, 1e-4);
            Torch.seed(2147483647L);
            assertArrayEquals(new float[] {-0.980007f, -1.657848f, -0.057166f, -0.340854f, 2.099155f},
                    m.randomNormal(new Shape(5)).toFloatArray(), 1e-6f);
            Torch.seed(2147483647L);
            assertArrayEquals(new long[] {138156, 41144, 63274, 75447, 70028, 82980, 61784, 130741},
                    m.randomInteger(0, 182625, new Shape(8), DataType.INT64).toLongArray());
        }
    }

    @Test
    void globalSeed42ReproducesPyTorch() {
        try (NDManager m = Torch.newManager()) {
            Torch.seed(42);
            assertArrayEquals(new float[] {0.33669f, 0.128809f, 0.234462f, 0.230333f, -1.122856f},
                    m.randomNormal(new Shape(5)).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void seedsAboveIntRangeWork() {
        try (NDManager m = Torch.newManager()) {
            Torch.seed(2147483657L);
            float a = m.randomUniform(0f, 1f, new Shape(1)).getFloat(0);
            Torch.seed(2147483647L);
            float b = m.randomUniform(0f, 1f, new Shape(1)).getFloat(0);
            Torch.seed(2147483657L);
            assertEquals(a, m.randomUniform(0f, 1f, new Shape(1)).getFloat(0), 0f);
            assertEquals(false, a == b);
        }
    }

    @Test
    void withThreadsRestoresTheThreadCount() {
        Torch.threads(Torch.TRAINING_THREADS);
        int inside = Torch.withThreads(2, Torch::threads);
        assertEquals(2, inside);
        assertEquals(Torch.TRAINING_THREADS, Torch.threads());
    }

    @Test
    void decimalRoundsTheExactBinaryValueLikePython() {
        assertEquals("3.3167", Decimal.fixed(3.3167154788970947, 4));
        assertEquals("0.1250", Decimal.fixed(0.125, 4));
        assertEquals("0.12", Decimal.fixed(0.125, 2)); // half to even, like Python
        assertEquals("nan", Decimal.fixed(Double.NaN, 4));
    }

    @Test
    void copyIntoOverwritesATrainableArrayInPlaceWithoutRecordingIt() {
        try (NDManager m = Torch.newManager()) {
            NDArray w = m.zeros(new Shape(2, 3));
            w.setRequiresGradient(true);
            long before = m.getManagedArrays().size();
            Torch.copyInto(w, new float[] {1, 2, 3, 4, 5, 6});
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, w.toFloatArray(), 0f);
            assertEquals(new Shape(2, 3), w.getShape());
            assertTrue(w.hasGradient(), "still a trainable leaf");
            assertEquals(before, m.getManagedArrays().size(), "the temporary source array is freed");
            // still a leaf after the copy: a backward pass reaches it
            try (ai.djl.training.GradientCollector c = Torch.engine().newGradientCollector()) {
                c.backward(w.mul(w).sum());
            }
            assertArrayEquals(new float[] {2, 4, 6, 8, 10, 12}, w.getGradient().toFloatArray(), 0f);
            assertThrows(IllegalArgumentException.class, () -> Torch.copyInto(w, new float[] {1, 2}));
        }
    }
}
