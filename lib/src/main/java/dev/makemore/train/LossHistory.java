package dev.makemore.train;

import java.util.Arrays;

/**
 * The lectures' {@code lossi}: {@code log10(loss)} of every training step, plus the 1000-step means that
 * part 5 plots ({@code lossi.view(-1, 1000).mean(1)}) to see through the minibatch noise.
 */
public final class LossHistory {

    private float[] log10 = new float[1024];
    private int size;

    /** Appends one step's loss (stored as {@code log10(loss)}). */
    public void add(float loss) {
        if (size == log10.length) {
            log10 = Arrays.copyOf(log10, size * 2);
        }
        log10[size++] = (float) Math.log10(loss);
    }

    /** Number of steps recorded. */
    public int size() {
        return size;
    }

    /** {@code log10(loss)} of every step. */
    public float[] log10Losses() {
        return Arrays.copyOf(log10, size);
    }

    /** The loss of step {@code i} (undoing the log). */
    public double loss(int i) {
        return Math.pow(10, log10[i]);
    }

    /**
     * Means of consecutive windows of {@code window} steps, ignoring a trailing partial window; with 1000 and
     * 200,000 steps this gives part 5's 200 points.
     */
    public double[] windowMeans(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1, got " + window);
        }
        double[] means = new double[size / window];
        for (int w = 0; w < means.length; w++) {
            double sum = 0;
            for (int i = w * window; i < (w + 1) * window; i++) {
                sum += log10[i];
            }
            means[w] = sum / window;
        }
        return means;
    }

    /** {@link #windowMeans(int)} with the lectures' window of 1000 steps. */
    public double[] thousandStepMeans() {
        return windowMeans(1000);
    }
}
