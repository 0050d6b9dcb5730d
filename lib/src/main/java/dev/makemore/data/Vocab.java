package dev.makemore.data;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The characters a model can read and write: {@code '.'} at index 0 (the start and end token), then every
 * character of the data in sorted order, so {@code stoi} and {@code itos} of the lectures.
 *
 * <p>Characters are Unicode code points, so names in any script work, not only {@code a..z}.
 */
public final class Vocab {

    /** The single start/end token, index 0. */
    public static final int DOT = '.';

    private final int[] codePoints;

    private Vocab(int[] codePoints) {
        this.codePoints = codePoints;
    }

    /**
     * Builds the vocabulary of {@code words}.
     *
     * @throws IllegalArgumentException if a word contains {@code '.'}, which is reserved for start/end
     */
    public static Vocab of(Collection<String> words) {
        TreeSet<Integer> chars = new TreeSet<>();
        for (String word : words) {
            if (word.indexOf(DOT) >= 0) {
                throw new IllegalArgumentException("name \"" + word + "\" contains '.', which is reserved for start/end");
            }
            word.codePoints().forEach(chars::add);
        }
        int[] cps = new int[chars.size() + 1];
        cps[0] = DOT;
        int i = 1;
        for (int c : chars) {
            cps[i++] = c;
        }
        return new Vocab(cps);
    }

    /** Number of symbols including {@code '.'}: 27 for the lecture data. */
    public int size() {
        return codePoints.length;
    }

    /** {@code stoi[ch]}. */
    public int index(int codePoint) {
        int i = codePoint == DOT ? 0 : Arrays.binarySearch(codePoints, 1, codePoints.length, codePoint);
        if (i < 0) {
            throw new IllegalArgumentException("character '" + Character.toString(codePoint) + "' is not in the vocabulary");
        }
        return i;
    }

    /** {@code itos[i]} as a string. */
    public String symbol(int index) {
        return Character.toString(codePoints[index]);
    }

    /** The indices of a word's characters, without start/end tokens. */
    public int[] encode(String word) {
        return word.codePoints().map(this::index).toArray();
    }

    /** The string of the given indices; index 0 becomes {@code '.'}. */
    public String decode(int... indices) {
        StringBuilder sb = new StringBuilder();
        for (int i : indices) {
            sb.appendCodePoint(codePoints[i]);
        }
        return sb.toString();
    }

    /** All symbols in index order, {@code '.'} first. */
    public List<String> symbols() {
        return Arrays.stream(codePoints).mapToObj(Character::toString).toList();
    }

    @Override
    public String toString() {
        return "Vocab" + symbols();
    }
}
