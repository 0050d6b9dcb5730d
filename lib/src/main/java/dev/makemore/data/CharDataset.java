package dev.makemore.data;

import java.util.List;

/**
 * makemore.py's training examples: one row per word, {@code T = maxLength + 1} positions. The input is the start
 * token 0 followed by the word's tokens, zero-padded; the target at each position is the next token, then the end
 * token 0, then -1 where nothing is to be predicted (the loss skips -1).
 *
 * <pre>
 * word "emma", T = 6:   x = [0, e, m, m, a, 0]    y = [e, m, m, a, 0, -1]
 * </pre>
 *
 * @param words the words of this split
 * @param vocab the word list the tokens come from
 * @param x row-major {@code [words, T]} inputs
 * @param y row-major {@code [words, T]} targets
 */
public record CharDataset(List<String> words, WordList vocab, long[] x, long[] y) {

    /** The examples of {@code words}, tokens from {@code vocab}, rows as long as {@code vocab}'s longest word + 1. */
    public static CharDataset of(List<String> words, WordList vocab) {
        int t = vocab.maxLength() + 1;
        long[] x = new long[words.size() * t];
        long[] y = new long[words.size() * t];
        for (int r = 0; r < words.size(); r++) {
            int[] ix = vocab.encode(words.get(r));
            int base = r * t;
            for (int i = 0; i < t; i++) {
                x[base + i] = i >= 1 && i <= ix.length ? ix[i - 1] : 0;
                y[base + i] = i < ix.length ? ix[i] : i == ix.length ? 0 : -1;
            }
        }
        return new CharDataset(List.copyOf(words), vocab, x, y);
    }

    /** Positions per row: the longest word plus the start token. */
    public int width() {
        return vocab.maxLength() + 1;
    }

    /** Rows. */
    public int size() {
        return words.size();
    }

    /** Rows {@code rows} of the inputs (or, with {@code targets}, of the targets), row-major. */
    public long[] gather(long[] rows, boolean targets) {
        int t = width();
        long[] src = targets ? y : x;
        long[] out = new long[rows.length * t];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(src, Math.toIntExact(rows[i] * t), out, i * t, t);
        }
        return out;
    }

    /**
     * makemore.py's split: the test set is min(1000, a tenth) of the words, the rest trains; which words go where
     * is {@code torch.randperm(n)} drawn from {@code generator} (the global generator right after
     * {@code torch.manual_seed}): the last {@code test} indices of the permutation are the test set.
     *
     * @return {train, test}
     * @throws IllegalArgumentException for fewer than 10 words (makemore.py would keep no training words)
     */
    public static List<List<String>> split(WordList list, TorchGenerator generator) {
        int n = list.words().size();
        if (n < 10) {
            throw new IllegalArgumentException(list.file() + " has " + n + " words; makemore needs at least 10 (a tenth of"
                    + " them, at least one, is the test set)");
        }
        int test = Math.min(1000, n / 10);
        int[] rp = generator.randperm(n);
        List<String> trainWords = new java.util.ArrayList<>(n - test);
        List<String> testWords = new java.util.ArrayList<>(test);
        for (int i = 0; i < n; i++) {
            (i < n - test ? trainWords : testWords).add(list.words().get(rp[i]));
        }
        return List.of(List.copyOf(trainWords), List.copyOf(testWords));
    }
}
