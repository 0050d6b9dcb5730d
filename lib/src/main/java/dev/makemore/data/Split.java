package dev.makemore.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The lectures' 80/10/10 split by word: {@code random.seed(42); random.shuffle(words)}, then
 * {@code n1 = int(0.8 * n)} and {@code n2 = int(0.9 * n)}.
 *
 * @param train the first 80% of the shuffled words
 * @param dev the next 10% (the lectures' "val")
 * @param test the rest
 */
public record Split(List<String> train, List<String> dev, List<String> test) {

    /** The seed of the lectures' {@code random.seed(42)}. */
    public static final long LECTURE_SEED = 42;

    /** The lecture split of {@code words}. */
    public static Split of(List<String> words) {
        return of(words, LECTURE_SEED);
    }

    /** The 80/10/10 split after a CPython-exact shuffle seeded with {@code seed}. */
    public static Split of(List<String> words, long seed) {
        List<String> shuffled = shuffled(words, seed);
        int n1 = (int) (0.8 * shuffled.size());
        int n2 = (int) (0.9 * shuffled.size());
        return new Split(List.copyOf(shuffled.subList(0, n1)), List.copyOf(shuffled.subList(n1, n2)),
                List.copyOf(shuffled.subList(n2, shuffled.size())));
    }

    /** {@code words} after {@code random.seed(seed); random.shuffle(words)}; the input is not modified. */
    public static List<String> shuffled(List<String> words, long seed) {
        List<String> copy = new ArrayList<>(words);
        new PyRandom(seed).shuffle(copy);
        return copy;
    }
}
