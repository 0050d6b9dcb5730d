package dev.makemore.zoo;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The model types of makemore.py's {@code --type}, from the simplest to the transformer, plus the LSTM that
 * makemore.py names in its comments but never wrote.
 */
public enum ZooType {
    /** A table of next-character logits, one row per previous character. */
    BIGRAM,
    /** Bengio et al. 2003: the last {@code blockSize} characters' embeddings, concatenated, through a tanh layer. */
    MLP,
    /** A vanilla recurrent net: {@code h = tanh(W [x; h])} at each position. */
    RNN,
    /** A gated recurrent unit: the same recurrence with reset and update gates. */
    GRU,
    /** A long short-term memory: a cell state alongside {@code h}, with input, forget and output gates. */
    LSTM,
    /** A bag of words: each position averages the embeddings of all positions up to it. */
    BOW,
    /** A GPT: pre-LayerNorm blocks of causal multi-head self-attention and an MLP. */
    TRANSFORMER;

    /** The name makemore.py's {@code --type} takes: {@code "transformer"}, {@code "bow"}, .... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The type called {@code label} (any case, surrounding blanks ignored).
     *
     * @throws IllegalArgumentException naming the types there are
     */
    public static ZooType parse(String label) {
        String key = label == null ? "" : label.trim().toUpperCase(Locale.ROOT);
        for (ZooType t : values()) {
            if (t.name().equals(key)) {
                return t;
            }
        }
        throw new IllegalArgumentException("type: expected one of "
                + Arrays.stream(values()).map(ZooType::label).collect(Collectors.joining(", ")) + ", got " + label);
    }
}
