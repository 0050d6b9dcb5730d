package dev.makemore.data;

import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * Train, dev and test examples for one block size: what a lecture builds with
 * {@code build_dataset(words[:n1])}, {@code build_dataset(words[n1:n2])} and {@code build_dataset(words[n2:])}.
 *
 * @param vocab the vocabulary of all words
 * @param train training examples (182,625 for the lecture data)
 * @param dev dev/val examples (22,655)
 * @param test test examples (22,866)
 */
public record Datasets(Vocab vocab, Examples train, Examples dev, Examples test) {

    /** The lecture datasets: vocabulary of all words, lecture split, context windows of {@code blockSize}. */
    public static Datasets of(List<String> words, int blockSize, NDManager manager) {
        Vocab vocab = Vocab.of(words);
        Split split = Split.of(words);
        return new Datasets(vocab, Examples.of(split.train(), vocab, blockSize, manager),
                Examples.of(split.dev(), vocab, blockSize, manager), Examples.of(split.test(), vocab, blockSize, manager));
    }

    /** The examples of a split by name, for code that loops over splits. */
    public Examples get(SplitName name) {
        return switch (name) {
            case TRAIN -> train;
            case DEV -> dev;
            case TEST -> test;
        };
    }

    /** The three splits, named as the lectures print them. */
    public enum SplitName {
        TRAIN("train"),
        DEV("val"),
        TEST("test");

        private final String label;

        SplitName(String label) {
            this.label = label;
        }

        /** The lecture's name: train, val, test. */
        public String label() {
            return label;
        }
    }
}
