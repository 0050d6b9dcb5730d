package dev.makemore;

import java.util.Locale;

/** The shapes of network the lectures build; {@link Hyperparameters} says how big and how it trains. */
public enum Architecture {
    /** Part 1's neural bigram: one {@code [vocab, vocab]} weight matrix, context of one character. */
    BIGRAM,
    /** Part 2's MLP (Bengio et al. 2003): embedding, one tanh layer, output layer. */
    MLP,
    /** Part 3's MLP with the hand-written batch norm on its hidden layer. */
    BATCHNORM_MLP,
    /** Part 3's deep net: {@code depth} blocks of Linear, BatchNorm1d, Tanh, then Linear and BatchNorm1d. */
    DEEP_BATCHNORM,
    /** Part 5's starting point: the whole context flattened into one Linear, BatchNorm1d, Tanh block. */
    FLAT,
    /** Part 5's tree: one FlattenConsecutive(2), Linear, BatchNorm1d, Tanh block per halving of the context. */
    HIERARCHICAL,
    /** The hierarchical net run as dilated causal convolutions over whole names. */
    CONV;

    /** The lower-case name, e.g. {@code deep_batchnorm}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the context is fused pairwise, one level per halving (blockSize must be a power of two). */
    public boolean isTree() {
        return this == HIERARCHICAL || this == CONV;
    }

    /** Reads {@link #label()} or the constant's name back. */
    public static Architecture parse(String name) {
        for (Architecture a : values()) {
            if (a.name().equalsIgnoreCase(name.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown architecture '" + name + "'");
    }
}
