package dev.makemore.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.makemore.Torch;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every layer's backward pass against central finite differences in float64: for
 * {@code L = sum(f(x) * R)} with a fixed random {@code R}, {@code dL/dθ ≈ (L(θ+h) - L(θ-h)) / 2h}.
 */
class GradientCheckTest {

    private static final DataType F64 = DataType.FLOAT64;

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = Torch.newManager();
        Torch.seed(7);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void linearWithBias() {
        check(new Linear(6, 5, true, F64, manager), input(4, 6));
    }

    @Test
    void linearOn3dInput() {
        check(new Linear(6, 5, false, F64, manager), input(4, 3, 6));
    }

    @Test
    void batchNormOver2dInput() {
        check(new BatchNorm1d(5, BatchNorm1d.Reduce.BATCH_AND_TIME, F64, manager), input(8, 5));
    }

    @Test
    void batchNormOverBatchAndTime() {
        check(new BatchNorm1d(5, BatchNorm1d.Reduce.BATCH_AND_TIME, F64, manager), input(4, 3, 5));
    }

    @Test
    void batchNormOverBatchOnly() {
        check(new BatchNorm1d(5, BatchNorm1d.Reduce.BATCH_ONLY, F64, manager), input(4, 3, 5));
    }

    @Test
    void tanh() {
        check(new Tanh(), input(4, 6));
    }

    @Test
    void tanhKeepingItsOutputGradientChangesNothing() {
        check(new Tanh().retainGrad(true), input(4, 6));
    }

    @Test
    void flattenConsecutive() {
        check(new FlattenConsecutive(2), input(3, 4, 5));
    }

    @Test
    void embedding() {
        Embedding emb = new Embedding(7, 3, F64, manager);
        NDArray ix = manager.create(new long[] {1, 3, 3, 0, 6, 1}, new Shape(2, 3));
        checkParameters(x -> emb.forward(ix), emb.parameters(), null);
    }

    @Test
    void sequentialHierarchicalStack() {
        Embedding emb = new Embedding(7, 3, F64, manager);
        Sequential net = new Sequential(emb, new FlattenConsecutive(2), new Linear(6, 4, false, F64, manager),
                new BatchNorm1d(4, BatchNorm1d.Reduce.BATCH_AND_TIME, F64, manager), new Tanh(), new FlattenConsecutive(2),
                new Linear(8, 5, true, F64, manager));
        NDArray ix = manager.create(new long[] {1, 3, 3, 0, 6, 1, 2, 2, 5, 4, 0, 0}, new Shape(3, 4));
        checkParameters(x -> net.forward(ix), net.parameters(), null);
    }

    @Test
    void meanOverSeveralDims() {
        checkParameters(t -> F.mean(t, 0, 1), List.of(), input(4, 3, 5));
    }

    @Test
    void unbiasedVarianceOverSeveralDims() {
        checkParameters(t -> F.var(t, 0, 1), List.of(), input(4, 3, 5));
    }

    @Test
    void unbiasedStd() {
        checkParameters(t -> F.std(t, 0), List.of(), input(6, 5));
    }

    private NDArray input(long... shape) {
        return manager.randomNormal(0f, 1f, new Shape(shape), F64);
    }

    private void check(Layer layer, NDArray x) {
        checkParameters(layer::forward, layer.parameters(), x);
    }

    /** Checks the gradient of every parameter and, if {@code x} is given, of the input. */
    private void checkParameters(Function<NDArray, NDArray> f, List<NDArray> parameters, NDArray x) {
        dev.makemore.FiniteDifferences.check(f, parameters, x, manager);
    }
}
