package dev.makemore.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.makemore.Numerics;
import dev.makemore.Torch;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Running statistics and train/eval behaviour, checked against statistics computed here in plain Java. */
class BatchNormTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = Torch.newManager();
        Torch.seed(3);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void trainingUpdatesRunningStatisticsWithMomentumAndUnbiasedVariance() {
        BatchNorm1d bn = new BatchNorm1d(3, BatchNorm1d.Reduce.BATCH_AND_TIME, DataType.FLOAT64, manager);
        double[][] rows = {{1, 2, 3}, {2, 4, 9}, {4, 8, 27}, {7, 16, 81}};
        NDArray x = manager.create(rows);
        bn.forward(x);
        double[] mean = new double[3];
        double[] var = new double[3];
        for (int c = 0; c < 3; c++) {
            for (double[] r : rows) {
                mean[c] += r[c] / rows.length;
            }
            for (double[] r : rows) {
                var[c] += (r[c] - mean[c]) * (r[c] - mean[c]) / (rows.length - 1);
            }
        }
        double[] expectedMean = new double[3];
        double[] expectedVar = new double[3];
        for (int c = 0; c < 3; c++) {
            expectedMean[c] = 0.1f * mean[c];
            expectedVar[c] = 0.9f + 0.1f * var[c];
        }
        assertArrayEquals(expectedMean, bn.runningMean().toDoubleArray(), 1e-6);
        assertArrayEquals(expectedVar, bn.runningVar().toDoubleArray(), 1e-5);
    }

    /**
     * FAST's fused batch_norm computes the lectures' function (unbiased variance in the normalisation and in
     * the running variance) for 2-D and (batch, time)-reduced 3-D input: outputs, gradients of input, gamma and
     * beta agree with the written-out formula in float64 to 1e-12; the running statistics to 1e-7, since the
     * written-out update multiplies by the float constants 0.9f and 0.1f.
     */
    @Test
    void fastFusedFormIsTheLectureFunction() {
        for (Shape shape : new Shape[] {new Shape(32, 5), new Shape(8, 4, 5)}) {
            NDArray x = manager.randomNormal(0, 2, shape, DataType.FLOAT64).add(1.5);
            NDArray upstream = manager.randomNormal(0, 1, shape, DataType.FLOAT64);
            double[][] exact = run(Numerics.EXACT, x, upstream);
            double[][] fast = run(Numerics.FAST, x, upstream);
            String[] what = {"output", "d input", "d gamma", "d beta", "running mean", "running var"};
            for (int i = 0; i < what.length; i++) {
                assertArrayEquals(exact[i], fast[i], i < 4 ? 1e-12 : 1e-7, shape + ": " + what[i]);
            }
        }
    }

    /** One training-mode forward and backward of a BatchNorm whose gamma and beta are not trivial. */
    private double[][] run(Numerics numerics, NDArray input, NDArray upstream) {
        long c = input.getShape().get(input.getShape().dimension() - 1);
        BatchNorm1d bn = new BatchNorm1d((int) c, BatchNorm1d.Reduce.BATCH_AND_TIME, DataType.FLOAT64, manager);
        Torch.noGrad(() -> {
            bn.gamma().muli(manager.arange(1f, 1f + c, 1f, DataType.FLOAT64).mul(0.5));
            bn.parameters().get(1).addi(0.25);
        });
        NDArray x = input.duplicate();
        x.setRequiresGradient(true);
        NDArray out;
        try (GradientCollector collector = Torch.engine().newGradientCollector()) {
            out = bn.forward(x, numerics);
            collector.backward(out.mul(upstream).sum());
        }
        return new double[][] {out.toDoubleArray(), x.getGradient().toDoubleArray(), bn.gamma().getGradient().toDoubleArray(),
            bn.parameters().get(1).getGradient().toDoubleArray(), bn.runningMean().toDoubleArray(), bn.runningVar().toDoubleArray()};
    }

    @Test
    void fastLeavesTheDimZeroOnlyBugAsItIs() {
        NDArray x = manager.randomNormal(0, 1, new Shape(6, 4, 3), DataType.FLOAT64);
        BatchNorm1d exact = new BatchNorm1d(3, BatchNorm1d.Reduce.BATCH_ONLY, DataType.FLOAT64, manager);
        BatchNorm1d fast = new BatchNorm1d(3, BatchNorm1d.Reduce.BATCH_ONLY, DataType.FLOAT64, manager);
        assertArrayEquals(exact.forward(x).toDoubleArray(), fast.forward(x, Numerics.FAST).toDoubleArray(), 0.0);
        assertEquals(new Shape(1, 4, 3), fast.runningMean().getShape(), "per-position statistics, as part 5's bug has them");
    }

    @Test
    void trainingOutputIsStandardisedPerChannel() {
        BatchNorm1d bn = new BatchNorm1d(4, manager);
        NDArray out = bn.forward(manager.randomNormal(2f, 3f, new Shape(32, 4), DataType.FLOAT32));
        assertArrayEquals(new float[4], F.mean(out, 0).toFloatArray(), 1e-5f);
        // normalised by the unbiased variance, so the unbiased variance of the output is 1 (less eps)
        assertArrayEquals(new float[] {1, 1, 1, 1}, F.var(out, 0).toFloatArray(), 1e-4f);
    }

    @Test
    void evalModeUsesRunningStatisticsSoOneExampleWorks() {
        BatchNorm1d bn = new BatchNorm1d(2, BatchNorm1d.Reduce.BATCH_AND_TIME, DataType.FLOAT64, manager);
        bn.forward(manager.create(new double[][] {{0, 10}, {2, 30}, {4, 50}}));
        // running mean = 0.1 * (2, 30); running var = 0.9 + 0.1 * (4, 400)
        bn.train(false);
        NDArray one = bn.forward(manager.create(new double[][] {{1, 5}}));
        double[] expected = {(1 - 0.2) / Math.sqrt(1.3 + 1e-5), (5 - 3) / Math.sqrt(40.9 + 1e-5)};
        assertArrayEquals(expected, one.toDoubleArray(), 1e-6);
    }

    @Test
    void threeDimensionalInputIsReducedOverBatchAndTime() {
        BatchNorm1d bn = new BatchNorm1d(5, manager);
        NDArray x = manager.randomNormal(new Shape(4, 3, 5));
        bn.forward(x);
        assertEquals(new Shape(1, 1, 5), bn.runningMean().getShape());
        assertArrayEquals(F.mean(x.reshape(12, 5), 0).mul(0.1f).toFloatArray(), bn.runningMean().reshape(5).toFloatArray(), 1e-7f);
    }

    @Test
    void theLecturesBugReducesOverBatchOnlyGivingPerPositionStatistics() {
        BatchNorm1d bn = new BatchNorm1d(5, BatchNorm1d.Reduce.BATCH_ONLY, manager);
        bn.forward(manager.randomNormal(new Shape(4, 3, 5)));
        assertEquals(new Shape(1, 3, 5), bn.runningMean().getShape());
    }

    @Test
    void aSingleExampleCannotBeNormalisedInTrainingMode() {
        BatchNorm1d bn = new BatchNorm1d(5, manager);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bn.forward(manager.randomNormal(new Shape(1, 5))));
        assertEquals(true, e.getMessage().contains("at least 2"), e.getMessage());
    }
}
