package dev.makemore.train;

import ai.djl.ndarray.NDArray;
import dev.makemore.Numerics;
import dev.makemore.nn.BatchNorm1d;
import dev.makemore.nn.Embedding;
import dev.makemore.nn.FlattenConsecutive;
import dev.makemore.nn.Layer;
import dev.makemore.nn.Linear;
import dev.makemore.nn.Mlp;
import dev.makemore.nn.Sequential;
import dev.makemore.nn.Tanh;
import java.util.ArrayList;
import java.util.List;

/**
 * The forward pass of a window model (the part-2 {@link Mlp}, or a {@link Sequential} of the lib's Embedding,
 * FlattenConsecutive, Linear, BatchNorm1d and Tanh layers) on 2-D activations, with fewer operations than
 * calling the layers one after the other.
 *
 * <p>It is a list of stages {@code x -> [tanh]([bn](x.reshape(-1, fan_in) @ W [+ b]))}. A FlattenConsecutive
 * is just the reshape to the next weight's fan-in, and a matrix product of a 3-D activation is the same
 * 2-D product inside PyTorch. A BatchNorm that reduces a {@code [B, T, C]} batch over (0, 1) sees the same
 * rows in the same order in its {@code [B*T, C]} view, so the numbers are the layer-by-layer pass's bit for
 * bit (TrainerTest checks every step). BatchNorm and Tanh run as the model's own layers, so their
 * {@code out()} and retained gradients are there for the part-3 diagnostics.
 */
final class StagedForward {

    /** One {@code Linear [-> BatchNorm] [-> tanh]} stage; {@code tanhLayer} is null for the Mlp's bare tanh. */
    private record Stage(NDArray weight, NDArray bias, BatchNorm1d norm, boolean tanh, Tanh tanhLayer) {
        long fanIn() {
            return weight.getShape().get(0);
        }
    }

    private final NDArray embedding;
    private final List<Stage> stages;
    private final Numerics numerics;

    private StagedForward(NDArray embedding, List<Stage> stages, Numerics numerics) {
        this.embedding = embedding;
        this.stages = List.copyOf(stages);
        this.numerics = numerics;
    }

    /**
     * The staged form of {@code model} for contexts of {@code blockSize} characters, or null when the model is
     * anything else (a notebook's own layer classes, part 5's dim-0-only BatchNorm, a model whose output is
     * not one row of logits per context): those train layer by layer. Its BatchNorm layers compute with
     * {@code numerics}.
     */
    static StagedForward of(Layer model, int blockSize, Numerics numerics) {
        if (model instanceof Mlp) {
            List<NDArray> p = model.parameters(); // C, W1, b1, W2, b2
            return new StagedForward(p.get(0), List.of(new Stage(p.get(1), p.get(2), null, true, null),
                    new Stage(p.get(3), p.get(4), null, false, null)), numerics);
        }
        if (!(model instanceof Sequential seq) || seq.layers().isEmpty() || !(seq.layers().get(0) instanceof Embedding e)) {
            return null;
        }
        long positions = blockSize;
        long channels = e.weight().getShape().get(1);
        List<Stage> stages = new ArrayList<>();
        for (Layer layer : seq.layers().subList(1, seq.layers().size())) {
            Stage last = stages.isEmpty() ? null : stages.get(stages.size() - 1);
            if (layer instanceof FlattenConsecutive f) {
                if (positions % f.n() != 0) {
                    return null;
                }
                positions /= f.n();
                channels *= f.n();
            } else if (layer instanceof Linear l) {
                List<NDArray> wb = l.parameters();
                if (wb.get(0).getShape().get(0) != channels) {
                    return null;
                }
                channels = wb.get(0).getShape().get(1);
                stages.add(new Stage(wb.get(0), wb.size() > 1 ? wb.get(1) : null, null, false, null));
            } else if (layer instanceof BatchNorm1d bn && last != null && last.norm() == null && !last.tanh()
                    && bn.reduce() == BatchNorm1d.Reduce.BATCH_AND_TIME) {
                stages.set(stages.size() - 1, new Stage(last.weight(), last.bias(), bn, false, null));
            } else if (layer instanceof Tanh t && last != null && !last.tanh()) {
                stages.set(stages.size() - 1, new Stage(last.weight(), last.bias(), last.norm(), true, t));
            } else {
                return null;
            }
        }
        return positions == 1 && !stages.isEmpty() ? new StagedForward(e.weight(), stages, numerics) : null;
    }

    /** The logits {@code [B, vocab]} of the contexts {@code xb} (int64 {@code [B, blockSize]}). */
    NDArray forward(NDArray xb) {
        NDArray x = embedding.get(xb);
        for (Stage s : stages) {
            x = x.reshape(-1, s.fanIn()).matMul(s.weight());
            if (s.bias() != null) {
                x = x.add(s.bias());
            }
            if (s.norm() != null) {
                x = s.norm().forward(x, numerics);
            }
            if (s.tanh()) {
                x = s.tanhLayer() != null ? s.tanhLayer().forward(x) : x.tanh();
            }
        }
        return x;
    }
}
