package dev.makemore.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.makemore.Torch;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link AdamW} against two steps worked out by hand with makemore.py's settings. */
class ZooAdamWTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = Torch.newManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void twoStepsByHand() {
        NDArray p = manager.create(new float[] {1.0f, -2.0f, 0.5f});
        p.setRequiresGradient(true);
        AdamW adamw = new AdamW(List.of(p));
        // step 1: loss = sum(c1 * p), so grad = c1; step 2: grad = c2
        double[] c1 = {0.3, -0.1, 2.0};
        double[] c2 = {-0.2, -0.1, 1e-3};
        double[] expected = {1.0, -2.0, 0.5};
        double[] m = new double[3];
        double[] v = new double[3];
        double[][] grads = {c1, c2};
        for (int t = 1; t <= 2; t++) {
            double[] g = grads[t - 1];
            try (GradientCollector collector = Torch.engine().newGradientCollector()) {
                collector.backward(p.mul(manager.create(toFloat(g))).sum());
            }
            adamw.step();
            adamw.zeroGrad();
            for (int i = 0; i < 3; i++) {
                expected[i] *= 1 - 5e-4 * 0.01;
                m[i] = 0.9 * m[i] + 0.1 * g[i];
                v[i] = 0.99 * v[i] + 0.01 * g[i] * g[i];
                double mhat = m[i] / (1 - Math.pow(0.9, t));
                double vhat = v[i] / (1 - Math.pow(0.99, t));
                expected[i] -= 5e-4 * mhat / (Math.sqrt(vhat) + 1e-8);
            }
        }
        float[] got = p.toFloatArray();
        for (int i = 0; i < 3; i++) {
            assertEquals(expected[i], got[i], 1e-6 * Math.abs(expected[i]), "p[" + i + "]");
        }
        // after the first step every coordinate moved by lr (m / sqrt(v) = sign(g) once bias-corrected)
        AdamW.State s = adamw.states().get(0);
        assertEquals(2, s.step());
        float[] expAvg = s.expAvg().toFloatArray();
        float[] expAvgSq = s.expAvgSq().toFloatArray();
        for (int i = 0; i < 3; i++) {
            assertEquals(m[i], expAvg[i], 1e-7);
            assertEquals(v[i], expAvgSq[i], 1e-8);
        }
    }

    @Test
    void theFirstStepMovesEachCoordinateByTheLearningRate() {
        NDArray p = manager.create(new float[] {0f, 0f});
        p.setRequiresGradient(true);
        AdamW adamw = new AdamW(List.of(p));
        try (GradientCollector collector = Torch.engine().newGradientCollector()) {
            collector.backward(p.mul(manager.create(new float[] {1e-3f, -50f})).sum());
        }
        adamw.step();
        float[] got = p.toFloatArray();
        assertEquals(-5e-4, got[0], 1e-8); // whatever the gradient's size
        assertEquals(5e-4, got[1], 1e-8);
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
