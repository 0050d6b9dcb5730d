package dev.makemore.zoo;

/**
 * makemore.py's {@code ModelConfig}: the sizes every model type reads, each in its own way.
 *
 * <ul>
 *   <li>{@code nEmbd}: the width of an embedding (all but the bigram) and of the transformer's residual stream;
 *   <li>{@code nEmbd2}: the hidden width of the MLP, of the recurrent cells' state and of the bag of words' MLP;
 *   <li>{@code nLayer}, {@code nHead}: the transformer's blocks and attention heads (the others ignore them);
 *   <li>{@code blockSize}: the longest sequence a model reads (the MLP's context, the position tables' rows).
 * </ul>
 *
 * @param type which model
 * @param vocabSize the characters plus the start/end token: 27 for names.txt
 * @param blockSize the longest input sequence: 16 for names.txt (the longest name, 15 letters, plus the start token)
 * @param nLayer transformer blocks
 * @param nHead attention heads per block
 * @param nEmbd embedding width
 * @param nEmbd2 hidden width
 */
public record ZooConfig(ZooType type, int vocabSize, int blockSize, int nLayer, int nHead, int nEmbd, int nEmbd2) {

    /** makemore.py's default {@code --n-layer}. */
    public static final int N_LAYER = 4;
    /** makemore.py's default {@code --n-head}. */
    public static final int N_HEAD = 4;
    /** makemore.py's default {@code --n-embd}. */
    public static final int N_EMBD = 64;
    /** makemore.py's default {@code --n-embd2}. */
    public static final int N_EMBD2 = 64;

    /** {@code type} with makemore.py's default sizes for a data set of this vocabulary and block size. */
    public static ZooConfig defaults(ZooType type, int vocabSize, int blockSize) {
        return new ZooConfig(type, vocabSize, blockSize, N_LAYER, N_HEAD, N_EMBD, N_EMBD2);
    }

    /** The same sizes for another model type. */
    public ZooConfig withType(ZooType other) {
        return new ZooConfig(other, vocabSize, blockSize, nLayer, nHead, nEmbd, nEmbd2);
    }

    /**
     * Checks the sizes and returns this config.
     *
     * @throws IllegalArgumentException naming the first field that cannot work, the rule and the value
     */
    public ZooConfig validate() {
        if (type == null) {
            throw new IllegalArgumentException("type: must be given, got null");
        }
        atLeastOne("vocabSize", vocabSize);
        atLeastOne("blockSize", blockSize);
        atLeastOne("nLayer", nLayer);
        atLeastOne("nHead", nHead);
        atLeastOne("nEmbd", nEmbd);
        atLeastOne("nEmbd2", nEmbd2);
        if (type == ZooType.TRANSFORMER && nEmbd % nHead != 0) {
            throw new IllegalArgumentException("nEmbd: must be a multiple of nHead for the transformer (each head gets"
                    + " nEmbd / nHead channels), got nEmbd " + nEmbd + " % nHead " + nHead + " = " + nEmbd % nHead);
        }
        return this;
    }

    private static void atLeastOne(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + ": must be >= 1, got " + value);
        }
    }
}
