package dev.makemore.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Whole names as sequences, the input of the convolutional model: instead of one (context, next
 * character) example per row, a row is a name, left-padded with {@code pad} start tokens ({@code '.'},
 * index 0) and right-padded to the longest name of the batch.
 *
 * <p>With {@code pad} equal to the model's receptive field minus one (8 for the part-5 widths), the output at
 * position {@code t} sees exactly the context window of the flat dataset's {@code t}-th example of that name,
 * so a name of length {@code L} yields {@code L + 1} scored positions: its letters and the end token.
 */
public final class NameSequences {

    /** Target value of positions after a name's end token; they are not scored. */
    public static final long IGNORE = -1;

    private final int[][] names;
    private final int pad;

    private NameSequences(int[][] names, int pad) {
        this.names = names;
        this.pad = pad;
    }

    /** The encoded {@code words}, to be left-padded with {@code pad} start tokens. */
    public static NameSequences of(List<String> words, Vocab vocab, int pad) {
        if (pad < 0) {
            throw new IllegalArgumentException("padding must be non-negative, got " + pad);
        }
        return new NameSequences(words.stream().map(vocab::encode).toArray(int[][]::new), pad);
    }

    /** Number of names. */
    public int size() {
        return names.length;
    }

    /** Scored positions of all names: letters plus one end token each (182,625 for the lecture's train split). */
    public long positions() {
        long n = 0;
        for (int[] name : names) {
            n += name.length + 1;
        }
        return n;
    }

    /**
     * The names at {@code rows} as one padded batch, built in Java and copied with one native call per array.
     *
     * @param rows indices into this set of names, e.g. a {@code randint} draw
     */
    public Batch batch(long[] rows, NDManager manager) {
        int maxLen = 0;
        for (long r : rows) {
            maxLen = Math.max(maxLen, names[(int) r].length);
        }
        int b = rows.length;
        int width = pad + maxLen;
        int outputs = maxLen + 1;
        long[] x = new long[b * width];
        long[] y = new long[b * outputs];
        int[] lengths = new int[b];
        java.util.Arrays.fill(y, IGNORE);
        for (int i = 0; i < b; i++) {
            int[] name = names[(int) rows[i]];
            lengths[i] = name.length;
            for (int k = 0; k < name.length; k++) {
                x[i * width + pad + k] = name[k];
                y[i * outputs + k] = name[k];
            }
            y[i * outputs + name.length] = 0; // the end token
        }
        return new Batch(owned(manager.create(x, new Shape(b, width))), owned(manager.create(y, new Shape(b, outputs))), lengths,
                pad);
    }

    /**
     * A copy in memory that libtorch owns. {@code NDManager.create} wraps the Java-side buffer, which the JVM
     * frees once the array is closed; a training step's arrays are closed while autograd may still reference
     * their storage, and without this copy conv training was non-deterministic (about one run in four read
     * freed memory and diverged). One copy per batch array is cheap next to the step.
     */
    public static NDArray owned(NDArray created) {
        NDArray copy = created.duplicate();
        created.close();
        return copy;
    }

    /** The names {@code from} (inclusive) to {@code to} (exclusive) as one batch, for evaluation in chunks. */
    public Batch range(int from, int to, NDManager manager) {
        long[] rows = new long[to - from];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = from + i;
        }
        return batch(rows, manager);
    }

    /**
     * A padded batch of names.
     *
     * @param x int64 {@code [B, pad + maxLen]}: start tokens, the letters, then zeros
     * @param y int64 {@code [B, maxLen + 1]}: the next character at each output position, {@link #IGNORE} after
     *     the end token
     * @param lengths each name's length
     * @param pad the number of leading start tokens
     */
    public record Batch(NDArray x, NDArray y, int[] lengths, int pad) {

        /** Names in the batch. */
        public int size() {
            return lengths.length;
        }

        /** Scored positions: the sum of {@code length + 1}. */
        public int positions() {
            int n = 0;
            for (int len : lengths) {
                n += len + 1;
            }
            return n;
        }
    }
}
