package dev.makemore.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * (context, next character) training examples: X int64 {@code [n, blockSize]} and Y int64 {@code [n]}.
 *
 * <p>This is the lecture's {@code build_dataset}: every word contributes one example per character plus one
 * for the end token; the context starts as {@code blockSize} zeros ({@code '.'}) and slides one character
 * at a time.
 *
 * @param x the contexts, int64 {@code [n, blockSize]}
 * @param y the next character of each context, int64 {@code [n]}
 */
public record Examples(NDArray x, NDArray y) {

    /**
     * Builds the examples of {@code words} into {@code manager}, in one native copy per array.
     *
     * @throws IllegalArgumentException if {@code blockSize < 1} or a word has a character outside {@code vocab}
     */
    public static Examples of(List<String> words, Vocab vocab, int blockSize, NDManager manager) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size must be at least 1, got " + blockSize);
        }
        int n = 0;
        for (String w : words) {
            n += w.codePointCount(0, w.length()) + 1;
        }
        long[] xs = new long[Math.multiplyExact(n, blockSize)];
        long[] ys = new long[n];
        int row = 0;
        int[] context = new int[blockSize];
        for (String w : words) {
            Arrays.fill(context, 0);
            int[] chars = vocab.encode(w);
            for (int k = 0; k <= chars.length; k++) {
                int next = k < chars.length ? chars[k] : 0;
                for (int t = 0; t < blockSize; t++) {
                    xs[row * blockSize + t] = context[t];
                }
                ys[row] = next;
                row++;
                System.arraycopy(context, 1, context, 0, blockSize - 1);
                context[blockSize - 1] = next;
            }
        }
        return new Examples(manager.create(xs, new Shape(n, blockSize)), manager.create(ys, new Shape(n)));
    }

    /** Number of examples. */
    public long size() {
        return y.getShape().get(0);
    }

    /** Context length. */
    public int blockSize() {
        return (int) x.getShape().get(1);
    }
}
