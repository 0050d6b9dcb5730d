package dev.makemore.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.makemore.Torch;

/**
 * The PyTorch functions the lectures call that DJL's PyTorch engine lacks: {@code x.mean(dims)} over several
 * dims, {@code x.var(dims)}, {@code x.std(dims)} and {@code F.cross_entropy}.
 *
 * <p>Each is built from engine ops so that <em>both</em> its value and its gradient are PyTorch's bit for bit,
 * which is what makes a seeded Java run land on the lecture's digits after 200,000 steps. The trick used
 * throughout: compute the value exactly as PyTorch does (without gradient), compute a second expression
 * whose backward pass performs PyTorch's backward arithmetic, and return {@code value + (path - path)}:
 * the sum equals {@code value} exactly, and its gradient is the path's.
 */
public final class F {

    private F() {}

    /**
     * {@code x.mean(dims, keepdim=True)} for any number of dims (DJL's {@code mean} takes one). PyTorch's CPU
     * mean is a sum followed by a division, so this is the same value and the same gradient.
     */
    public static NDArray mean(NDArray x, int... dims) {
        if (dims.length == 1) {
            return x.mean(dims, true); // one native op, and one backward node
        }
        return x.sum(dims, true).div(scalar(x, reducedCount(x, dims)));
    }

    /**
     * {@code torch.var(x, dims, keepdim=True)}: the unbiased (Bessel, {@code n - 1}) variance, as the lectures'
     * BatchNorm uses.
     *
     * <p>PyTorch accumulates in double precision and rounds once to float; its backward is
     * {@code (2 / (n - 1)) * grad * (x - x.mean(dims))}, evaluated in float in that order.
     */
    public static NDArray var(NDArray x, int... dims) {
        NDArray value = doubleVariance(x, dims).toType(x.getDataType(), false);
        return withGradient(value, varianceGradientPath(x, dims));
    }

    /**
     * {@code torch.std(x, dims, keepdim=True)}: the square root of the unbiased variance, as the part-3
     * manual BatchNorm uses. Backward is PyTorch's: {@code var}'s backward applied to {@code grad / (2 * std)}.
     */
    public static NDArray std(NDArray x, int... dims) {
        NDArray value = doubleVariance(x, dims).sqrt().toType(x.getDataType(), false);
        NDArray path = varianceGradientPath(x, dims).div(value.mul(2f));
        return withGradient(value, path);
    }

    /**
     * {@code F.cross_entropy(logits, targets)}: the mean negative log-likelihood of the targets under
     * {@code softmax(logits)}, i.e. {@code nll_loss(log_softmax(logits, 1), targets)}.
     *
     * <p>The gradient, {@code (softmax - onehot) / n}, comes from the same log-softmax and a gather; the value
     * is summed in PyTorch's order (see {@link #nllMean(float[])}) so printed losses match to the last digit.
     *
     * @param logits float {@code [n, classes]}
     * @param targets int64 {@code [n]}
     */
    public static NDArray crossEntropy(NDArray logits, NDArray targets) {
        NDArray picked = logits.logSoftmax(1).gather(targets.reshape(-1, 1), 1);
        NDArray path = picked.neg().mean();
        NDArray value = logits.getManager().create(nllMean(picked.toFloatArray()));
        return withGradient(value, path);
    }

    /**
     * The mean of {@code -logProbs}, summed the way PyTorch's CPU {@code nll_loss} sums: a cascade of partial
     * sums, each level flushed into the next every 16 elements, which keeps float32 rounding error small even
     * for 182,625 examples.
     *
     * @param logProbs the log-probability of each example's target
     */
    public static float nllMean(float[] logProbs) {
        int n = logProbs.length;
        int levels = 8;
        int levelPower = Math.max(4, ceilLog2(n) / levels);
        long levelMask = (1L << levelPower) - 1;
        float[] partial = new float[levels];
        for (int b = 0; b < n; b++) {
            partial[0] -= logProbs[b];
            for (int j = 0; j + 1 < levels; j++) {
                if ((b & (levelMask << (j * levelPower))) != 0) {
                    break;
                }
                partial[j + 1] += partial[j];
                partial[j] = 0f;
            }
        }
        float total = 0f;
        for (float p : partial) {
            total += p;
        }
        return total / n;
    }

    /** {@code value}, with the gradient of {@code path}: {@code value + (path - path.detach())}. */
    private static NDArray withGradient(NDArray value, NDArray path) {
        return value.add(path.sub(path.stopGradient()));
    }

    /** The variance in float64, two-pass, without gradient. */
    private static NDArray doubleVariance(NDArray x, int[] dims) {
        return Torch.noGrad(() -> {
            NDArray x64 = x.toType(DataType.FLOAT64, false);
            NDArray centered = x64.sub(x64.sum(dims, true).div((double) reducedCount(x, dims)));
            return centered.square().sum(dims, true).div((double) (varianceCount(x, dims) - 1));
        });
    }

    /**
     * An expression whose backward computes {@code fl(fl(c * grad) * (x - mean))} with {@code c = (float) 2/(n-1)},
     * PyTorch's {@code var_backward}: {@code sum(x * centered) * c}, with {@code centered} held constant
     * (computed without gradient, so autograd records nothing for it).
     */
    private static NDArray varianceGradientPath(NDArray x, int[] dims) {
        NDArray centered = Torch.noGrad(() -> x.sub(mean(x, dims)));
        NDArray c = scalar(x, 2.0 / (varianceCount(x, dims) - 1));
        return x.mul(centered).sum(dims, true).mul(c);
    }

    /**
     * A 0-d array holding {@code value} in {@code like}'s type. Use it instead of {@code mul(Number)} or
     * {@code div(Number)} inside a graph: DJL frees the temporary scalar of those calls at once, but autograd
     * keeps a reference to it for the backward pass, which then reads freed memory. This array lives until
     * the enclosing step's scope closes, after the backward pass.
     */
    public static NDArray scalar(NDArray like, double value) {
        return like.getDataType() == DataType.FLOAT64
                ? like.getManager().create(value)
                : like.getManager().create((float) value);
    }

    private static long reducedCount(NDArray x, int[] dims) {
        long n = 1;
        for (int d : dims) {
            n *= x.getShape().get(d);
        }
        return n;
    }

    private static long varianceCount(NDArray x, int[] dims) {
        long n = reducedCount(x, dims);
        if (n < 2) {
            throw new IllegalArgumentException("unbiased variance needs at least 2 values per statistic, got " + n
                    + " for shape " + x.getShape() + " (a batch of one example cannot be normalized in training mode)");
        }
        return n;
    }

    private static int ceilLog2(long n) {
        return n <= 2 ? 1 : 64 - Long.numberOfLeadingZeros(n - 1);
    }
}
