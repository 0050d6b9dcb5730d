package dev.makemore.nn;

import dev.makemore.Torch;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * The lectures' models, each built in the lecture's exact order of random draws, so that after the lecture's
 * seed ({@code dev.makemore.Torch.seed}) its parameters equal PyTorch's element for element.
 *
 * <p>Seeds: parts 2 and 3 use {@code torch.Generator().manual_seed(2147483647)}, which is the same stream as
 * the global seed 2147483647 when nothing else draws; part 5 uses {@code torch.manual_seed(42)}.
 */
public final class Models {

    /** Part 5's context length. */
    public static final int PART5_BLOCK_SIZE = 8;

    /** Part 2/3's context length. */
    public static final int PART3_BLOCK_SIZE = 3;

    private Models() {}

    /** Part 1's neural bigram (729 parameters). */
    public static Bigram bigram(int vocabSize, NDManager manager) {
        return new Bigram(vocabSize, manager);
    }

    /** Part 2's MLP: block 3, n_embd 10, n_hidden 200 (11,897 parameters), with part 3's init variants. */
    public static Mlp mlp(int vocabSize, Mlp.Init init, NDManager manager) {
        return new Mlp(vocabSize, PART3_BLOCK_SIZE, 10, 200, init, manager);
    }

    /** Part 3's MLP with the hand-written batch norm (12,097 parameters). */
    public static BatchNormMlp batchNormMlp(int vocabSize, NDManager manager) {
        return new BatchNormMlp(vocabSize, PART3_BLOCK_SIZE, 10, 200, manager);
    }

    /**
     * Part 3's deep net (47,024 parameters): C [vocab, 10], then [Linear(30, 100), BN, Tanh], four times
     * [Linear(100, 100), BN, Tanh], then Linear(100, vocab) and BN(vocab) with gamma x 0.1 ("less confident").
     * Linear layers have no bias.
     */
    public static Sequential deepBatchNorm(int vocabSize, NDManager manager) {
        int nEmbd = 10;
        int nHidden = 100;
        List<Layer> layers = new ArrayList<>();
        layers.add(new Embedding(vocabSize, nEmbd, manager));
        layers.add(new Flatten());
        int fanIn = nEmbd * PART3_BLOCK_SIZE;
        for (int i = 0; i < 5; i++) {
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
     * Part 5's starting point (22,097 parameters): the whole 8-character context flattened at once.
     * Embedding(vocab, 10), Flatten, Linear(80, 200, no bias), BN, Tanh, Linear(200, vocab) with weight x 0.1.
     */
    public static Sequential flat(int vocabSize, NDManager manager) {
        int nEmbd = 10;
        int nHidden = 200;
        Sequential model = new Sequential(
                new Embedding(vocabSize, nEmbd, manager),
                new Flatten(),
                new Linear(nEmbd * PART5_BLOCK_SIZE, nHidden, false, manager),
                new BatchNorm1d(nHidden, manager),
                new Tanh(),
                new Linear(nHidden, vocabSize, true, manager));
        Torch.noGrad(() -> ((Linear) model.last()).weight().muli(0.1f));
        return model;
    }

    /**
     * Part 5's hierarchical model: Embedding(vocab, nEmbd), then three times [FlattenConsecutive(2),
     * Linear(no bias), BN, Tanh], then Linear(nHidden, vocab) with weight x 0.1. The scaled-up WaveNet is
     * {@code hierarchical(vocab, 24, 128, BATCH_AND_TIME)} (76,579 parameters); the 22K version is
     * {@code (10, 68, ...)} (22,397), with {@link BatchNorm1d.Reduce#BATCH_ONLY} before the bug fix.
     */
    public static Sequential hierarchical(int vocabSize, int nEmbd, int nHidden, BatchNorm1d.Reduce reduce,
            NDManager manager) {
        List<Layer> layers = new ArrayList<>();
        layers.add(new Embedding(vocabSize, nEmbd, manager));
        int fanIn = nEmbd * 2;
        for (int i = 0; i < 3; i++) {
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

    /** Part 5's final model: the hierarchical net with n_embd 24 and n_hidden 128 (76,579 parameters). */
    public static Sequential wavenet(int vocabSize, NDManager manager) {
        return hierarchical(vocabSize, 24, 128, BatchNorm1d.Reduce.BATCH_AND_TIME, manager);
    }
}
