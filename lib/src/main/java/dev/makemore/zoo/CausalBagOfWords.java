package dev.makemore.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;

/**
 * The causal bag of words: position {@code t}'s output is the plain average of the inputs at positions
 * {@code 0..t}. It is written as attention with every score equal: a {@code [B, T, T]} matrix of zeros, the future
 * set to {@code -inf}, a softmax over each row (giving {@code 1/(t+1)} to each allowed position, 0 elsewhere) and a
 * matrix product with the inputs. Attention replaces the zeros with scores that depend on the data.
 */
public final class CausalBagOfWords implements NamedLayer {

    /** {@code [B, T, C]} in, {@code [B, T, C]} out. */
    @Override
    public NDArray forward(NDArray x) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        NDManager manager = x.getManager();
        NDArray att = manager.zeros(new Shape(b, t, t), x.getDataType());
        att = att.add(Params.causalMask(t, x)).softmax(-1);
        return att.matMul(x);
    }

    @Override
    public Map<String, NDArray> namedParameters() {
        return Map.of();
    }

    @Override
    public String toString() {
        return "CausalBagOfWords";
    }
}
