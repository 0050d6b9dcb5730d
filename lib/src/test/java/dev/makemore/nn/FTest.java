package dev.makemore.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.makemore.Torch;
import org.junit.jupiter.api.Test;

class FTest {

    @Test
    void crossEntropyGradientIsSoftmaxMinusOneHotOverN() {
        try (NDManager m = Torch.newManager()) {
            Torch.seed(11);
            NDArray logits = m.randomNormal(new Shape(5, 7));
            logits.setRequiresGradient(true);
            NDArray y = m.create(new long[] {0, 3, 6, 3, 1});
            float loss;
            try (GradientCollector c = Torch.engine().newGradientCollector()) {
                NDArray l = F.crossEntropy(logits, y);
                c.backward(l);
                loss = l.getFloat();
            }
            NDArray expected = logits.softmax(1).sub(y.oneHot(7).toType(DataType.FLOAT32, false)).div(5f);
            assertArrayEquals(expected.toFloatArray(), logits.getGradient().toFloatArray(), 1e-7f);
            float[] lp = logits.logSoftmax(1).toFloatArray();
            long[] t = y.toLongArray();
            double nll = 0;
            for (int i = 0; i < 5; i++) {
                nll -= lp[i * 7 + (int) t[i]];
            }
            assertEquals(nll / 5, loss, 1e-6);
        }
    }

    @Test
    void nllMeanSumsInPyTorchsCascadeOrder() {
        float[] v = new float[40];
        for (int i = 0; i < v.length; i++) {
            v[i] = -(0.1f + i * 0.013f);
        }
        double exact = 0;
        for (float x : v) {
            exact -= x;
        }
        assertEquals(exact / v.length, F.nllMean(v), 1e-7);
        // values printed by torch.nn.functional.nll_loss for this input (PyTorch 1.13, CPU)
        assertEquals(0.35350003838539124, F.nllMean(v), 0.0);
    }

    @Test
    void varianceIsPyTorchsDoubleAccumulatedValue() {
        try (NDManager m = Torch.newManager()) {
            Torch.seed(5);
            NDArray x = m.randomNormal(new Shape(32, 4, 16));
            float[] got = F.var(x, 0, 1).toFloatArray();
            float[] data = x.toFloatArray();
            for (int c = 0; c < 16; c++) {
                double mean = 0;
                for (int i = 0; i < 128; i++) {
                    mean += data[i * 16 + c];
                }
                mean /= 128;
                double ss = 0;
                for (int i = 0; i < 128; i++) {
                    ss += (data[i * 16 + c] - mean) * (data[i * 16 + c] - mean);
                }
                assertEquals((float) (ss / 127), got[c], 0f);
            }
        }
    }
}
