package dev.makemore.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * {@code torch.multinomial(probs, num_samples=1)}: one categorical draw from PyTorch's global generator,
 * matching PyTorch 2.x draw for draw (DJL's PyTorch engine has no multinomial).
 *
 * <p>PyTorch draws one sample with the "exponential race" (the Gumbel-max trick without logs): give every
 * category an exponential waiting time {@code q_i ~ Exp(1)} and pick {@code argmax(p_i / q_i)}; category
 * {@code i} wins with probability {@code p_i / sum(p)}. PyTorch's CPU {@code exponential_} turns one
 * float64 uniform {@code u} per category into {@code -log1p(-u)}, rounded to the probabilities' float type;
 * {@code randomUniform(..., FLOAT64)} consumes the generator the same way, so the draws agree. Verified
 * against the lectures' sampled names (parts 1, 3 and 5 under PyTorch 2.x).
 */
public final class Multinomial {

    private Multinomial() {}

    /** One draw from the (not necessarily normalised) probabilities {@code probs} of one row. */
    public static int sample(NDArray probs) {
        return sample(probs.toFloatArray(), probs.getManager());
    }

    /** One draw from {@code probs}, using {@code manager} to reach PyTorch's generator. */
    public static int sample(float[] probs, NDManager manager) {
        double[] u;
        try (NDArray uniform = manager.randomUniform(0f, 1f, new Shape(probs.length), DataType.FLOAT64)) {
            u = uniform.toDoubleArray();
        }
        int best = 0;
        float bestScore = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < probs.length; i++) {
            float q = (float) -StrictMath.log1p(-u[i]);
            float score = probs[i] / q;
            if (score > bestScore) { // first maximum wins, like argmax
                bestScore = score;
                best = i;
            }
        }
        return best;
    }
}
