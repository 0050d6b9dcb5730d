package dev.makemore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The gradient checks of the lecture's layers and of makemore.py's: autograd's gradient of
 * {@code sum(f(x) * r)} (r a fixed random array) against central differences, in float64, at a dozen coordinates
 * of every parameter and of the input.
 */
public final class FiniteDifferences {

    /** The step of the central difference. */
    public static final double H = 1e-6;

    /** Coordinates checked per array, spread over it. */
    public static final int COORDINATES = 12;

    private FiniteDifferences() {}

    /** Checks the gradient of every parameter and, if {@code x} is given, of the input. */
    @SuppressWarnings("try") // the scope frees what the block creates; it is never referenced
    public static void check(Function<NDArray, NDArray> f, List<NDArray> parameters, NDArray x, NDManager manager) {
        List<NDArray> wrt = new ArrayList<>(parameters);
        if (x != null) {
            x.setRequiresGradient(true);
            wrt.add(x);
        }
        NDArray r;
        try (NDScope ignored = new NDScope()) {
            r = manager.randomNormal(0f, 1f, f.apply(x).getShape(), DataType.FLOAT64);
            NDScope.unregister(r);
        }
        try (GradientCollector collector = Torch.engine().newGradientCollector()) {
            collector.backward(f.apply(x).mul(r).sum());
        }
        for (NDArray p : wrt) {
            double[] analytic = p.getGradient().toDoubleArray();
            assertEquals(p.size(), analytic.length);
            int n = analytic.length;
            for (int k = 0; k < Math.min(n, COORDINATES); k++) {
                int i = (int) ((long) k * n / Math.min(n, COORDINATES));
                double numeric = (loss(f, x, r, p, i, H) - loss(f, x, r, p, i, -H)) / (2 * H);
                double tolerance = 1e-6 * Math.max(1, Math.abs(numeric));
                assertEquals(numeric, analytic[i], tolerance, "d/d" + p.getShape() + "[" + i + "]");
            }
            assertTrue(p.getGradient().abs().sum().getDouble() > 0, "gradient of " + p.getShape() + " is all zero");
        }
    }

    @SuppressWarnings("try") // the scope frees what the block creates; it is never referenced
    private static double loss(Function<NDArray, NDArray> f, NDArray x, NDArray r, NDArray p, int index, double h) {
        try (NDScope ignored = new NDScope()) {
            double[] values = p.toDoubleArray();
            double original = values[index];
            values[index] = original + h;
            p.set(values);
            double l = f.apply(x).mul(r).sum().getDouble();
            values[index] = original;
            p.set(values);
            return l;
        }
    }
}
