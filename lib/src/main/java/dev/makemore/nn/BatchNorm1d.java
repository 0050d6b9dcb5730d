package dev.makemore.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.makemore.Numerics;
import java.util.List;

/**
 * Batch normalisation as the lectures write it: standardise each channel with the batch's mean and
 * (unbiased) variance, then scale by {@code gamma} and shift by {@code beta}. Running estimates of mean and
 * variance, updated with momentum 0.1, replace the batch statistics in eval mode, so a single example can be
 * evaluated.
 *
 * <p>Statistics are taken over dim 0 for {@code [B, C]} input and over dims (0, 1) for {@code [B, T, C]}.
 * {@link Reduce#BATCH_ONLY} reproduces part 5's bug (dim 0 only, giving per-position statistics).
 *
 * <p>{@link #forward(NDArray, Numerics)} with {@link Numerics#FAST} makes a training-mode forward pass is PyTorch's fused {@code batch_norm}: one op
 * forward and one backward instead of about twenty, and the running statistics updated in place. That op
 * divides by the <em>biased</em> batch variance; fed {@code gamma c} and {@code eps c^2} with
 * {@code c^2 = (n-1)/n} it computes the lectures' function exactly, since
 * {@code gamma (x-m)/sqrt(var_u + eps) = (gamma c) (x-m)/sqrt(var_b + eps c^2)}, rounded differently in the
 * last bits. {@link Reduce#BATCH_ONLY} has no fused form and always runs the written-out formula.
 */
public final class BatchNorm1d extends RecordingLayer {

    /** Which dims a 3-D input is reduced over. */
    public enum Reduce {
        /** Dims (0, 1): one statistic per channel, the fix of part 5. */
        BATCH_AND_TIME,
        /** Dim 0 only: one statistic per (position, channel), the bug part 5 found. */
        BATCH_ONLY
    }

    /** Added to the variance before the square root. */
    public static final float EPS = 1e-5f;

    /** Weight of the newest batch in the running statistics. */
    public static final float MOMENTUM = 0.1f;

    private final NDManager manager;
    private final Reduce reduce;
    private final NDArray gamma;
    private final NDArray beta;
    private NDArray runningMean;
    private NDArray runningVar;
    private boolean training = true;
    private NDArray factor;
    private long factorRows = -1;

    /** A BatchNorm over {@code dim} channels that reduces 3-D input over (0, 1). */
    public BatchNorm1d(int dim, NDManager manager) {
        this(dim, Reduce.BATCH_AND_TIME, manager);
    }

    /** A BatchNorm over {@code dim} channels; {@code gamma = 1}, {@code beta = 0}, running mean 0, variance 1. */
    public BatchNorm1d(int dim, Reduce reduce, NDManager manager) {
        this(dim, reduce, DataType.FLOAT32, manager);
    }

    /** As {@link #BatchNorm1d(int, Reduce, NDManager)} in another float type (float64 for gradient checks). */
    public BatchNorm1d(int dim, Reduce reduce, DataType type, NDManager manager) {
        this.manager = manager;
        this.reduce = reduce;
        this.gamma = Parameters.trainable(manager.ones(new Shape(dim), type));
        this.beta = Parameters.trainable(manager.zeros(new Shape(dim), type));
        this.runningMean = manager.zeros(new Shape(dim), type);
        this.runningVar = manager.ones(new Shape(dim), type);
    }

    /** The lectures' formula, {@link Numerics#EXACT}. */
    @Override
    public NDArray forward(NDArray x) {
        return forward(x, Numerics.EXACT);
    }

    /** With {@link Numerics#FAST}, in training mode, one fused {@code batch_norm} where it has a fused form. */
    @Override
    public NDArray forward(NDArray x, Numerics numerics) {
        if (training && numerics == Numerics.FAST && hasFusedForm(x)) {
            return record(fused(x));
        }
        NDArray xmean;
        NDArray xvar;
        if (training) {
            int[] dims = x.getShape().dimension() == 3 && reduce == Reduce.BATCH_AND_TIME ? new int[] {0, 1} : new int[] {0};
            xmean = F.mean(x, dims);
            xvar = F.var(x, dims); // unbiased, like torch's x.var()
        } else {
            xmean = runningMean;
            xvar = runningVar;
        }
        NDArray xhat = x.sub(xmean).div(xvar.add(EPS).sqrt());
        NDArray out = record(gamma.mul(xhat).add(beta));
        if (training) {
            runningMean = Parameters.runningAverage(runningMean, xmean, MOMENTUM, manager);
            runningVar = Parameters.runningAverage(runningVar, xvar, MOMENTUM, manager);
        }
        return out;
    }

    /** The training-mode forward pass as one {@code batch_norm} op over the rows of {@code x}'s 2-D view. */
    private NDArray fused(NDArray x) {
        Shape shape = x.getShape();
        NDArray rows = shape.dimension() == 2 ? x : x.reshape(-1, shape.get(shape.dimension() - 1));
        long n = rows.getShape().get(0);
        double c2 = (n - 1) / (double) n;
        NDArray scaledGamma = gamma.mul(unbiasingFactor(n));
        NDArray out = JniUtils.batchNorm((PtNDArray) rows, (PtNDArray) runningMean, (PtNDArray) runningVar,
                (PtNDArray) scaledGamma, (PtNDArray) beta, true, MOMENTUM, EPS * c2);
        return shape.dimension() == 2 ? out : out.reshape(shape);
    }

    /**
     * {@code sqrt((n-1)/n)} as a 0-d array kept with the layer (made again only when the batch size changes): not
     * {@code mul(float)}, whose temporary scalar DJL frees while autograd still needs it (see {@link F#scalar}).
     */
    private NDArray unbiasingFactor(long n) {
        if (factorRows != n) {
            NDArray old = factor;
            factor = Parameters.keep(F.scalar(gamma, Math.sqrt((n - 1) / (double) n)), manager);
            factorRows = n;
            if (old != null) {
                old.close();
            }
        }
        return factor;
    }

    /** Whether {@code x}'s statistics can come from the fused op: a 2-D batch, or a 3-D one reduced over (0, 1). */
    private boolean hasFusedForm(NDArray x) {
        return x.getShape().dimension() == 2 || reduce == Reduce.BATCH_AND_TIME;
    }

    /** Which dims a 3-D input is reduced over. */
    public Reduce reduce() {
        return reduce;
    }

    @Override
    public void train(boolean training) {
        this.training = training;
    }

    /** Whether batch statistics are used. */
    public boolean isTraining() {
        return training;
    }

    /** The scale, initially ones; the part-3 net multiplies the last one by 0.1. */
    public NDArray gamma() {
        return gamma;
    }

    /** The running mean (shape {@code [C]}, or {@code [1, T, C]} after training with {@link Reduce#BATCH_ONLY}). */
    public NDArray runningMean() {
        return runningMean;
    }

    /** The running (unbiased) variance. */
    public NDArray runningVar() {
        return runningVar;
    }

    /** Replaces the running statistics with copies of the given ones, e.g. from a checkpoint. */
    public void setRunningStats(NDArray mean, NDArray var) {
        NDArray oldMean = runningMean;
        NDArray oldVar = runningVar;
        runningMean = Parameters.keep(mean.duplicate(), manager);
        runningVar = Parameters.keep(var.duplicate(), manager);
        oldMean.close();
        oldVar.close();
    }

    @Override
    public List<NDArray> parameters() {
        return List.of(gamma, beta);
    }

    @Override
    public List<NDArray> buffers() {
        return List.of(runningMean, runningVar);
    }

    @Override
    public String toString() {
        return "BatchNorm1d(" + gamma.getShape().get(0) + (reduce == Reduce.BATCH_ONLY ? ", dim 0 only)" : ")");
    }
}
