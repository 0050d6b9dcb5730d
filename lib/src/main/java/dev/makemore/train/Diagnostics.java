package dev.makemore.train;

import ai.djl.ndarray.NDArray;
import dev.makemore.nn.Layer;
import dev.makemore.nn.Sequential;
import dev.makemore.nn.Tanh;
import java.util.ArrayList;
import java.util.List;

/**
 * Part 3's health checks of a deep network, as numbers copied out of the engine (so they outlive the step):
 * the distribution of each Tanh layer's outputs and their gradients, the gradients of the weight matrices,
 * and the update:data ratio {@code log10(std(lr * grad) / std(data))} of every parameter at every step.
 *
 * <p>Take snapshots inside a {@link StepListener} (activations are freed when a step ends), e.g.
 * {@code trainer.onStep(e -> { if (e.step() == 1000) tanh = Diagnostics.tanhStats(model); })}. Call
 * {@code retainGrad(true)} on the Tanh layers first to get activation gradients.
 */
public final class Diagnostics {

    /** {@code |t| > 0.97} counts as saturated: tanh's gradient there is below 6% of its maximum. */
    public static final double SATURATION = 0.97;

    private Diagnostics() {}

    /**
     * One Tanh layer's outputs.
     *
     * @param layer the layer's position in the {@link Sequential}
     * @param values the outputs, flattened
     * @param grads the gradients of the outputs, or an empty array if they were not retained
     */
    public record ActivationStats(int layer, float[] values, float[] grads) {
        /** Mean of the outputs. */
        public double mean() {
            return Diagnostics.mean(values);
        }

        /** Standard deviation (unbiased, like {@code torch.std}). */
        public double std() {
            return Diagnostics.std(values);
        }

        /** Percentage of outputs with {@code |t| > 0.97}. */
        public double saturatedPercent() {
            long n = 0;
            for (float v : values) {
                if (Math.abs(v) > SATURATION) {
                    n++;
                }
            }
            return 100.0 * n / values.length;
        }

        /** Standard deviation of the gradients. */
        public double gradStd() {
            return Diagnostics.std(grads);
        }

        /** {@code "layer 2 (Tanh)"}-style label. */
        public String label() {
            return "layer " + layer + " (Tanh)";
        }
    }

    /**
     * One 2-D parameter's gradient.
     *
     * @param index the parameter's position in {@code model.parameters()}
     * @param shape e.g. {@code "(30, 100)"}
     * @param grads the gradient, flattened
     * @param dataStd the standard deviation of the parameter itself
     */
    public record WeightStats(int index, String shape, float[] grads, double dataStd) {
        /** Mean of the gradient. */
        public double gradMean() {
            return Diagnostics.mean(grads);
        }

        /** Standard deviation of the gradient. */
        public double gradStd() {
            return Diagnostics.std(grads);
        }

        /** {@code grad.std() / data.std()}: how large a step is relative to the values, before the lr. */
        public double gradToData() {
            return (float) gradStd() / (float) dataStd;
        }
    }

    /** The Tanh layers of {@code model}: outputs, and gradients where {@code retainGrad(true)} was set. */
    public static List<ActivationStats> tanhStats(Sequential model) {
        List<ActivationStats> stats = new ArrayList<>();
        List<Layer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Tanh tanh) {
                float[] grads = tanh.retainsGrad() ? tanh.outGrad().toFloatArray() : new float[0];
                stats.add(new ActivationStats(i, tanh.out().toFloatArray(), grads));
            }
        }
        return stats;
    }

    /** The gradients of the 2-D parameters (the weight matrices and the embedding table). */
    public static List<WeightStats> weightStats(Layer model) {
        List<WeightStats> stats = new ArrayList<>();
        List<NDArray> params = model.parameters();
        for (int i = 0; i < params.size(); i++) {
            NDArray p = params.get(i);
            if (p.getShape().dimension() == 2) {
                String shape = "(" + p.getShape().get(0) + ", " + p.getShape().get(1) + ")";
                stats.add(new WeightStats(i, shape, p.getGradient().toFloatArray(), std(p.toFloatArray())));
            }
        }
        return stats;
    }

    /** {@code [log10(std(lr * grad) / std(p)) for p in parameters]} for the current gradients. */
    public static float[] updateToDataLog10(Layer model, float lr) {
        List<NDArray> params = model.parameters();
        float[] ratios = new float[params.size()];
        for (int i = 0; i < ratios.length; i++) {
            float[] g = params.get(i).getGradient().toFloatArray();
            for (int k = 0; k < g.length; k++) {
                g[k] *= lr;
            }
            ratios[i] = (float) Math.log10((float) std(g) / (float) std(params.get(i).toFloatArray()));
        }
        return ratios;
    }

    /** A listener that appends {@link #updateToDataLog10} after every step: the lecture's {@code ud} list. */
    public static final class UpdateRatios implements StepListener {
        private final List<float[]> history = new ArrayList<>();

        @Override
        public void onStep(StepEvent event) {
            history.add(updateToDataLog10(event.model(), event.learningRate()));
        }

        /** One array per step, one entry per parameter. */
        public List<float[]> history() {
            return history;
        }
    }

    static double mean(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x;
        }
        return v.length == 0 ? Double.NaN : sum / v.length;
    }

    /** Unbiased standard deviation, in double precision like PyTorch's accumulation. */
    static double std(float[] v) {
        if (v.length < 2) {
            return Double.NaN;
        }
        double m = mean(v);
        double ss = 0;
        for (float x : v) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (v.length - 1));
    }
}
