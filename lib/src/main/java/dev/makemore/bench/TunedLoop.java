package dev.makemore.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.makemore.data.Examples;
import dev.makemore.nn.BatchNorm1d;
import dev.makemore.nn.Embedding;
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
 * activations: a FlattenConsecutive is just the reshape to the next weight's fan-in. BatchNorm is PyTorch's
 * fused {@code batch_norm} (one op forward, one backward, running statistics updated in place), fed so that
 * it computes the lectures' formula: the lectures divide by the <em>unbiased</em> batch variance and
 * {@code batch_norm} by the biased one, and with {@code c^2 = (n-1)/n},
 * {@code gamma (x-m)/sqrt(var_u + eps) = (gamma c) (x-m)/sqrt(var_b + eps c^2)}. The result is the same
 * function; its float rounding differs in the last bits (measured and printed by the bench).
 */
final class TunedLoop extends FastLoop {

    /** One {@code Linear [-> BatchNorm] [-> tanh]} stage. */
    private record Stage(NDArray weight, NDArray bias, BatchNorm1d norm, boolean tanh) {}

    private final NDArray embedding;
    private final List<Stage> stages;
    private final List<NDArray> parameters;

    private TunedLoop(Layer model, NDArray embedding, List<Stage> stages, Examples train, NDManager manager) {
        super(train.x().toLongArray(), train.y().toLongArray(), train.blockSize(), manager);
        this.embedding = embedding;
        this.stages = stages;
        this.parameters = model.parameters();
    }

    /** The tuned loop over {@code model}'s arrays (an {@link Mlp} or a {@link Sequential} of lib layers). */
    static TunedLoop of(Layer model, Examples train, NDManager manager) {
        if (model instanceof Mlp) {
            List<NDArray> p = model.parameters(); // C, W1, b1, W2, b2
            return new TunedLoop(model, p.get(0),
                    List.of(new Stage(p.get(1), p.get(2), null, true), new Stage(p.get(3), p.get(4), null, false)),
                    train, manager);
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
        return new TunedLoop(model, c, List.copyOf(stages), train, manager);
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
                x = batchNorm(x, s.norm());
            }
            if (s.tanh()) {
                x = x.tanh();
            }
        }
        return autogradStep(x, targets, lr);
    }

    /** The lectures' training-mode BatchNorm (unbiased variance, momentum 0.1) as one fused op. */
    private static NDArray batchNorm(NDArray x, BatchNorm1d norm) {
        long n = x.getShape().get(0);
        double c2 = (n - 1) / (double) n;
        List<NDArray> gammaBeta = norm.parameters();
        return JniUtils.batchNorm((PtNDArray) x, (PtNDArray) norm.runningMean(), (PtNDArray) norm.runningVar(),
                (PtNDArray) gammaBeta.get(0).mul((float) Math.sqrt(c2)), (PtNDArray) gammaBeta.get(1), true,
                0.1, BatchNorm1d.EPS * c2);
    }

    @Override
    List<NDArray> parameters() {
        return parameters;
    }
}
