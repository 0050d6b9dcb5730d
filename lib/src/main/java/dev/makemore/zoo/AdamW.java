package dev.makemore.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.makemore.Torch;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code torch.optim.AdamW}, the optimizer makemore.py trains with, written out in PyTorch's order of operations.
 *
 * <p>Adam keeps two running averages per parameter: {@code m} of the gradient (momentum) and {@code v} of its
 * square (how large the gradient usually is). Each step moves a parameter by {@code lr * m / sqrt(v)}, roughly
 * {@code lr} in the direction the gradient has kept pointing, whatever the gradient's scale. Both averages
 * start at 0 and are therefore too small for the first steps; dividing by {@code 1 - beta^step} corrects that.
 * AdamW's "decoupled" weight decay shrinks the parameter itself by {@code lr * weightDecay} before the Adam step,
 * rather than adding {@code weightDecay * p} to the gradient (where Adam's normalisation would undo it). One step:
 *
 * <pre>
 * p  = p * (1 - lr * wd)
 * m  = m + (1 - beta1) * (g - m)                 (lerp; PyTorch 1.x wrote m * beta1 + (1 - beta1) * g)
 * v  = v * beta2 + (1 - beta2) * g * g
 * p  = p - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * Every constant is computed in double, as Python does, and rounded to the parameter's type where PyTorch's
 * kernels take it. The values agree with PyTorch's to rounding, not bit for bit: {@code lerp} (and PyTorch 1.x's
 * {@code add(alpha)}) are single kernels that can round once where DJL's separate ops round twice (fused
 * multiply-adds in the vectorized CPU code). Where a gradient element is as small as {@code eps}, the step
 * {@code lr * g / (|g| + eps)} follows that element's rounding and two implementations may differ by a fraction of
 * {@code lr}.
 * DJL's own {@code JniUtils.adamUpdate} is not used: it adds {@code eps} to {@code sqrt(v)} before the bias
 * correction and computes the decay as {@code p - p * lr * wd}, a slightly different function.
 */
public final class AdamW {

    /** makemore.py's {@code --learning-rate}. */
    public static final double LR = 5e-4;
    /** makemore.py's betas. */
    public static final double BETA1 = 0.9;
    /** makemore.py's betas. */
    public static final double BETA2 = 0.99;
    /** makemore.py's eps. */
    public static final double EPS = 1e-8;
    /** makemore.py's {@code --weight-decay}, applied to every parameter. */
    public static final double WEIGHT_DECAY = 0.01;

    /** A parameter's optimizer state, {@code optimizer.state[p]}: the step count and the two running averages. */
    public static final class State {
        private long step;
        private final NDArray expAvg;
        private final NDArray expAvgSq;

        State(NDArray parameter) {
            this.expAvg = kept(parameter.zerosLike());
            this.expAvgSq = kept(parameter.zerosLike());
        }

        /** Steps taken, {@code state['step']}. */
        public long step() {
            return step;
        }

        /** Sets the step count, when restoring a checkpoint. */
        public void setStep(long step) {
            this.step = step;
        }

        /** {@code state['exp_avg']}, the running average of the gradient; overwrite it with {@link Torch#copyInto}. */
        public NDArray expAvg() {
            return expAvg;
        }

        /** {@code state['exp_avg_sq']}, the running average of the squared gradient. */
        public NDArray expAvgSq() {
            return expAvgSq;
        }

        private static NDArray kept(NDArray a) {
            NDScope.unregister(a);
            return a;
        }
    }

    private final List<NDArray> parameters;
    private final List<State> states = new ArrayList<>();
    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;

    /** AdamW over {@code parameters} with makemore.py's settings. */
    public AdamW(List<NDArray> parameters) {
        this(parameters, LR, BETA1, BETA2, EPS, WEIGHT_DECAY);
    }

    /** AdamW over {@code parameters}; the state starts at step 0 with zero averages. */
    public AdamW(List<NDArray> parameters, double lr, double beta1, double beta2, double eps, double weightDecay) {
        this.parameters = List.copyOf(parameters);
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        for (NDArray p : this.parameters) {
            states.add(new State(p));
        }
    }

    /** The learning rate. */
    public double lr() {
        return lr;
    }

    /** One state per parameter, in the parameters' order. */
    public List<State> states() {
        return states;
    }

    /** {@code optimizer.step()}: updates every parameter in place from its gradient, without recording a graph. */
    @SuppressWarnings("try") // the scope frees the step's temporaries
    public void step() {
        Torch.noGrad(() -> {
            try (NDScope ignored = new NDScope()) {
                for (int i = 0; i < parameters.size(); i++) {
                    update(parameters.get(i), parameters.get(i).getGradient(), states.get(i));
                }
            }
        });
    }

    private void update(NDArray p, NDArray g, State s) {
        s.step++;
        p.muli((float) (1 - lr * weightDecay));
        s.expAvg.addi(g.sub(s.expAvg).muli((float) (1 - beta1)));
        s.expAvgSq.muli((float) beta2).addi(g.mul((float) (1 - beta2)).muli(g));
        double biasCorrection1 = 1 - Math.pow(beta1, s.step);
        double biasCorrection2 = 1 - Math.pow(beta2, s.step);
        double stepSize = lr / biasCorrection1;
        NDArray denom = s.expAvgSq.sqrt().divi((float) Math.sqrt(biasCorrection2)).addi((float) eps);
        p.addi(s.expAvg.mul((float) -stepSize).divi(denom));
    }

    /** {@code optimizer.zero_grad()} (setting the gradients to zero rather than to None). */
    public void zeroGrad() {
        for (NDArray p : parameters) {
            JniUtils.zeroGrad((PtNDArray) p);
        }
    }
}
