package dev.makemore;

import java.util.Locale;

/**
 * How a training run does its arithmetic: the lecture's own sequence of operations, or a shorter one that
 * computes the same functions and rounds differently in the last bits.
 *
 * <p>Both modes draw the same minibatches from the same seeded stream and start from the same weights; they
 * differ only in which PyTorch kernels carry out a step. The notebooks pick one in their hyperparameter cell,
 * the CLI with {@code --fast}.
 */
public enum Numerics {

    /**
     * The lectures' operations, in the lectures' order: BatchNorm written out as mean, unbiased variance and
     * the normalising formula, the loss as {@code F.cross_entropy}. On the machine's reference numeric path
     * (see {@link NumericPath}) every seeded number comes out as the lecture printed it, to the last bit.
     */
    EXACT,

    /**
     * The same functions with fewer operations per step: BatchNorm as PyTorch's fused {@code batch_norm} (fed
     * so that it still divides by the unbiased variance), and the part-2 MLP with the hand-written backward
     * pass of part 4. Losses agree with {@link #EXACT}'s to about 1e-6 per step; after the lectures' 200,000
     * steps the final losses of the non-chaotic runs were still within about 1e-6 of the lecture's (README).
     */
    FAST;

    /**
     * Reads a mode from its name, in any case ({@code "fast"}, {@code "EXACT"}).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Numerics parse(String name) {
        String n = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
        for (Numerics m : values()) {
            if (m.name().equals(n)) {
                return m;
            }
        }
        throw new IllegalArgumentException("numerics must be exact or fast, not '" + name + "'");
    }

    /** The lower-case name, as the CLI and the reports print it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
