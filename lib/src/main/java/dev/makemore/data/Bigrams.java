package dev.makemore.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Bigram counts of part 1: {@code N[i][j]} is how often symbol {@code j} follows symbol {@code i}, with
 * {@code '.'} before the first and after the last character of every word.
 */
public final class Bigrams {

    private final Vocab vocab;
    private final int[][] counts;

    private Bigrams(Vocab vocab, int[][] counts) {
        this.vocab = vocab;
        this.counts = counts;
    }

    /** Counts the bigrams of {@code words}. */
    public static Bigrams count(List<String> words, Vocab vocab) {
        int[][] n = new int[vocab.size()][vocab.size()];
        for (String w : words) {
            int prev = 0;
            for (int c : vocab.encode(w)) {
                n[prev][c]++;
                prev = c;
            }
            n[prev][0]++;
        }
        return new Bigrams(vocab, n);
    }

    /** The vocabulary the counts are indexed by. */
    public Vocab vocab() {
        return vocab;
    }

    /** {@code N[first][second]}. */
    public int count(int first, int second) {
        return counts[first][second];
    }

    /** A copy of the whole count matrix. */
    public int[][] matrix() {
        int[][] copy = new int[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    /** One bigram and its count. */
    public record Entry(String bigram, int count) {}

    /** The {@code k} most frequent bigrams, most frequent first; ties keep index order. */
    public List<Entry> top(int k) {
        List<Entry> all = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            for (int j = 0; j < counts.length; j++) {
                all.add(new Entry(vocab.decode(i, j), counts[i][j]));
            }
        }
        all.sort(Comparator.comparingInt(Entry::count).reversed());
        return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }
}
