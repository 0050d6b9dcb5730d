package dev.makemore.nn;

import dev.makemore.Torch;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * The lectures' networks, each built in the lecture's exact order of random draws, so that after the lecture's
 * seed ({@code dev.makemore.Torch.seed}) its parameters equal PyTorch's element for element. Every size is an
 * argument: the lectures' own settings are the catalogue {@link dev.makemore.train.LectureRun}, and
 * {@link dev.makemore.Hyperparameters#build} calls these with a run's knobs.
 *
 * <p>Seeds: parts 2 and 3 use {@code torch.Generator().manual_seed(2147483647)}, which is the same stream as
 * the global seed 2147483647 when nothing else draws; part 5 uses {@code torch.manual_seed(42)}.
 */
public final class Models {

    private Models() {}

    /** Part 1's neural bigram (729 parameters). */
    public static Bigram bigram(int vocabSize, NDManager manager) {
        return new Bigram(vocabSize, manager);
    }

    /** Part 3's MLP with the hand-written batch norm (12,097 parameters at block 3, n_embd 10, n_hidden 200). */
    public static BatchNormMlp batchNormMlp(int vocabSize, int blockSize, int nEmbd, int nHidden, NDManager manager) {
        return new BatchNormMlp(vocabSize, blockSize, nEmbd, nHidden, manager);
    }

    /**
     * Part 3's deep net (47,024 parameters at block 3, n_embd 10, n_hidden 100, depth 5): C [vocab, nEmbd], then
     * {@code depth} times [Linear(fan_in, nHidden), BN, Tanh], then Linear(nHidden, vocab) and BN(vocab) with
     * gamma x 0.1 ("less confident"). Linear layers have no bias.
     */
    public static Sequential deepBatchNorm(int vocabSize, int blockSize, int nEmbd, int nHidden, int depth,
            NDManager manager) {
        List<Layer> layers = new ArrayList<>();
        layers.add(new Embedding(vocabSize, nEmbd, manager));
        layers.add(new Flatten());
        int fanIn = nEmbd * blockSize;
        for (int i = 0; i < depth; i++) {
            layers.add(new Linear(fanIn, nHidden, false, manager));
            layers.add(new BatchNorm1d(nHidden, manager));
            layers.add(new Tanh());
            fanIn = nHidden;
        }
        layers.add(new Linear(nHidden, vocabSize, false, manager));
        BatchNorm1d last = new BatchNorm1d(vocabSize, manager);
        layers.add(last);
        Torch.noGrad(() -> last.gamma().muli(0.1f)); // make the last layer less confident
        return new Sequential(layers);
    }

    /**
     * Part 5's starting point (22,097 parameters at block 8, n_embd 10, n_hidden 200): the whole context
     * flattened at once. Embedding, Flatten, Linear(block * nEmbd, nHidden, no bias), BN, Tanh,
     * Linear(nHidden, vocab) with weight x 0.1.
     */
    public static Sequential flat(int vocabSize, int blockSize, int nEmbd, int nHidden, NDManager manager) {
        Sequential model = new Sequential(
                new Embedding(vocabSize, nEmbd, manager),
                new Flatten(),
                new Linear(nEmbd * blockSize, nHidden, false, manager),
                new BatchNorm1d(nHidden, manager),
                new Tanh(),
                new Linear(nHidden, vocabSize, true, manager));
        Torch.noGrad(() -> ((Linear) model.last()).weight().muli(0.1f));
        return model;
    }

    /**
     * Part 5's hierarchical model: Embedding(vocab, nEmbd), then one [FlattenConsecutive(2), Linear(no bias), BN,
     * Tanh] block per halving of the context (3 for 8 characters, 4 for 16), then Linear(nHidden, vocab) with
     * weight x 0.1. The scaled-up WaveNet is {@code hierarchical(vocab, 8, 24, 128, BATCH_AND_TIME)} (76,579
     * parameters); the 22K version is {@code (8, 10, 68, ...)} (22,397), with {@link BatchNorm1d.Reduce#BATCH_ONLY}
     * before the bug fix.
     *
     * @throws IllegalArgumentException if {@code blockSize} is not a power of two of at least 2
     */
    public static Sequential hierarchical(int vocabSize, int blockSize, int nEmbd, int nHidden,
            BatchNorm1d.Reduce reduce, NDManager manager) {
        if (blockSize < 2 || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("a hierarchical model halves its context at each level: blockSize must be "
                    + "a power of two (8, 16, 32), got " + blockSize);
        }
        List<Layer> layers = new ArrayList<>();
        layers.add(new Embedding(vocabSize, nEmbd, manager));
        int fanIn = nEmbd * 2;
        for (int level = 0; level < Integer.numberOfTrailingZeros(blockSize); level++) {
            layers.add(new FlattenConsecutive(2));
            layers.add(new Linear(fanIn, nHidden, false, manager));
            layers.add(new BatchNorm1d(nHidden, reduce, manager));
            layers.add(new Tanh());
            fanIn = nHidden * 2;
        }
        Linear out = new Linear(nHidden, vocabSize, true, manager);
        layers.add(out);
        Torch.noGrad(() -> out.weight().muli(0.1f));
        return new Sequential(layers);
    }
}
