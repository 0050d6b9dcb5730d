package dev.makemore.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.makemore.data.Examples;
import dev.makemore.nn.BatchNorm1d;
import dev.makemore.nn.Embedding;
import dev.makemore.nn.F;
import dev.makemore.nn.Layer;
import dev.makemore.nn.Linear;
import dev.makemore.nn.Mlp;
import dev.makemore.nn.Sequential;
import dev.makemore.nn.Tanh;
import java.util.ArrayList;
import java.util.List;

/**
 * The tuned autograd loop for the window models (MLP, deep BatchNorm MLP, WaveNet). It trains the lib
 * model's own arrays in place, so the lib's evaluator and sampler see the result.
 *
 * <p>The forward pass is a list of stages {@code x -> [tanh](bn(x.reshape(-1, fan_in) @ W [+ b]))} on 2-D
 * activations: a FlattenConsecutive is just the reshape to the next weight's fan-in, and a matmul of a 3-D
 * activation is a 2-D one inside PyTorch anyway. BatchNorm is, by default, the lib's own layer (the lectures'
 * formula), applied to the 2-D activation: the rows of a {@code [B, T, C]} batch reduced over (0, 1) are the
 * rows of its {@code [B*T, C]} view reduced over 0, in the same order. The loop is then the lecture loop
 * bit for bit (a test checks every step).
 *
 * <p>{@link #fused} swaps in PyTorch's fused {@code batch_norm} (one op forward, one backward, running
 * statistics updated in place), fed so that it computes the lectures' formula: the lectures divide by the
 * <em>unbiased</em> batch variance and {@code batch_norm} by the biased one, and with {@code c^2 = (n-1)/n},
 * {@code gamma (x-m)/sqrt(var_u + eps) = (gamma c) (x-m)/sqrt(var_b + eps c^2)}. That is the same function,
 * but its float rounding differs in the last bits, so it is reported for reference and is not a lever.
 */
final class TunedLoop extends FastLoop {

    /** One {@code Linear [-> BatchNorm] [-> tanh]} stage. */
    private record Stage(NDArray weight, NDArray bias, BatchNorm1d norm, boolean tanh) {}

    private final NDArray embedding;
    private final List<Stage> stages;
    private final List<NDArray> parameters;
    private final boolean fusedBatchNorm;

    private TunedLoop(Layer model, NDArray embedding, List<Stage> stages, Examples train, NDManager manager,
            boolean fusedBatchNorm) {
        super(train.x().toLongArray(), train.y().toLongArray(), train.blockSize(), manager);
        this.embedding = embedding;
        this.stages = stages;
        this.parameters = model.parameters();
        this.fusedBatchNorm = fusedBatchNorm;
    }

    /** The exact tuned loop over {@code model}'s arrays (an {@link Mlp} or a {@link Sequential} of lib layers). */
    static TunedLoop of(Layer model, Examples train, NDManager manager) {
        return of(model, train, manager, false);
    }

    /** As {@link #of}, with PyTorch's fused batch_norm: faster, not bit-exact. */
    static TunedLoop fused(Layer model, Examples train, NDManager manager) {
        return of(model, train, manager, true);
    }

    private static TunedLoop of(Layer model, Examples train, NDManager manager, boolean fused) {
        if (model instanceof Mlp) {
            List<NDArray> p = model.parameters(); // C, W1, b1, W2, b2
            return new TunedLoop(model, p.get(0),
                    List.of(new Stage(p.get(1), p.get(2), null, true), new Stage(p.get(3), p.get(4), null, false)),
                    train, manager, fused);
        }
        NDArray c = null;
        List<Stage> stages = new ArrayList<>();
        for (Layer layer : ((Sequential) model).layers()) {
            if (layer instanceof Embedding e) {
                c = e.weight();
            } else if (layer instanceof Linear l) {
                List<NDArray> wb = l.parameters();
                stages.add(new Stage(wb.get(0), wb.size() > 1 ? wb.get(1) : null, null, false));
            } else if (layer instanceof BatchNorm1d bn) {
                Stage s = stages.remove(stages.size() - 1);
                stages.add(new Stage(s.weight(), s.bias(), bn, false));
            } else if (layer instanceof Tanh) {
                Stage s = stages.remove(stages.size() - 1);
                stages.add(new Stage(s.weight(), s.bias(), s.norm(), true));
            }
        }
        return new TunedLoop(model, c, List.copyOf(stages), train, manager, fused);
    }

    @Override
    protected float train(NDArray xb, long[] targets, float lr) {
        NDArray x = embedding.get(xb);
        for (Stage s : stages) {
            x = x.reshape(-1, s.weight().getShape().get(0)).matMul(s.weight());
            if (s.bias() != null) {
                x = x.add(s.bias());
            }
            if (s.norm() != null) {
                x = fusedBatchNorm ? fusedBatchNorm(x, s.norm()) : s.norm().forward(x);
            }
            if (s.tanh()) {
                x = x.tanh();
            }
        }
        return autogradStep(x, targets, lr);
    }

    /** The lectures' training-mode BatchNorm (unbiased variance, momentum 0.1) as one fused op. */
    private static NDArray fusedBatchNorm(NDArray x, BatchNorm1d norm) {
        long n = x.getShape().get(0);
        double c2 = (n - 1) / (double) n;
        List<NDArray> gammaBeta = norm.parameters();
        NDArray gamma = gammaBeta.get(0);
        // F.scalar, not mul(float): autograd reads the factor again in the backward pass (see F.scalar)
        NDArray scaledGamma = gamma.mul(F.scalar(gamma, Math.sqrt(c2)));
        return JniUtils.batchNorm((PtNDArray) x, (PtNDArray) norm.runningMean(), (PtNDArray) norm.runningVar(),
                (PtNDArray) scaledGamma, (PtNDArray) gammaBeta.get(1), true, 0.1, BatchNorm1d.EPS * c2);
    }

    @Override
    List<NDArray> parameters() {
        return parameters;
    }
}
