package dev.makemore.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.makemore.Torch;
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
