package dev.makemore.zoo;

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
 * The zoo's layers' backward passes against central finite differences in float64, as the lib's
 * {@code GradientCheckTest} does for the lectures' layers: for {@code L = sum(f(x) * R)} with a fixed random
 * {@code R}, {@code dL/dθ ≈ (L(θ+h) - L(θ-h)) / 2h}, for every parameter and the input.
 */
class ZooGradientCheckTest {

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
    void torchLinear() {
        check(new TorchLinear(6, 5, true, F64, manager), input(4, 6));
    }

    @Test
    void torchLinearWithoutBiasOn3dInput() {
        check(new TorchLinear(6, 5, false, F64, manager), input(4, 3, 6));
    }

    @Test
    void layerNorm() {
        LayerNorm ln = new LayerNorm(5, F64, manager);
        randomize(ln.parameters()); // ones and zeros would hide a swapped weight and bias
        check(ln, input(4, 3, 5));
    }

    @Test
    void gelu() {
        check(new Gelu(), input(4, 6));
    }

    @Test
    void causalSelfAttention() {
        check(new CausalSelfAttention(8, 2, F64, manager), input(2, 4, 8));
    }

    @Test
    void transformerBlock() {
        TransformerBlock block = new TransformerBlock(8, 2, F64, manager);
        randomize(block.parameters().subList(0, 2)); // ln_1
        check(block, input(2, 4, 8));
    }

    @Test
    void causalBagOfWords() {
        check(new CausalBagOfWords(), input(2, 4, 3));
    }

    @Test
    void bowBlock() {
        check(new BowBlock(4, 6, F64, manager), input(2, 3, 4));
    }

    @Test
    void rnnCell() {
        check(new RnnCell(3, 4, F64, manager), input(5, 3 + 4));
    }

    @Test
    void gruCell() {
        check(new GruCell(3, 4, F64, manager), input(5, 3 + 4));
    }

    @Test
    void lstmCell() {
        check(new LstmCell(3, 4, F64, manager), input(5, 3 + 4 + 4));
    }

    @Test
    void everyModelEndToEnd() {
        NDArray idx = manager.create(new long[] {1, 3, 3, 0, 4, 1, 2, 2}, new Shape(2, 4));
        for (ZooType type : ZooType.values()) {
            ZooConfig config = new ZooConfig(type, 5, 4, 2, 2, 4, 3);
            SequenceModel model = ZooModels.build(config, F64, manager);
            if (type == ZooType.BIGRAM) {
                randomize(model.parameters()); // zeros: every gradient coordinate would agree trivially
            }
            checkParameters(x -> model.forward(idx), model.parameters(), null);
        }
    }

    @Test
    void sequenceLossWithIgnoredTargets() {
        NDArray targets = manager.create(new long[] {1, 4, -1, 0, -1, 2}, new Shape(2, 3));
        checkParameters(logits -> SequenceLoss.crossEntropy(logits, targets), List.of(), input(2, 3, 5));
    }

    private NDArray input(long... shape) {
        return manager.randomNormal(0f, 1f, new Shape(shape), F64);
    }

    private void randomize(List<NDArray> parameters) {
        for (NDArray p : parameters) {
            p.set(manager.randomNormal(0f, 1f, p.getShape(), F64).toDoubleArray());
        }
    }

    private void check(NamedLayer layer, NDArray x) {
        checkParameters(layer::forward, layer.parameters(), x);
    }

    /** Checks the gradient of every parameter and, if {@code x} is given, of the input. */
    private void checkParameters(Function<NDArray, NDArray> f, List<NDArray> parameters, NDArray x) {
        dev.makemore.FiniteDifferences.check(f, parameters, x, manager);
    }
}
