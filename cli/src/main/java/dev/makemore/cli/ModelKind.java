package dev.makemore.cli;

import ai.djl.ndarray.NDManager;
import dev.makemore.nn.BatchNorm1d;
import dev.makemore.nn.ConvNet;
import dev.makemore.nn.Layer;
import dev.makemore.nn.Mlp;
import dev.makemore.nn.Models;
import java.util.Arrays;
import java.util.Locale;

/**
 * The models {@code bin/makemore train --model} knows, each with its lecture's defaults and a builder that
 * draws the initial weights in the lecture's order (the caller seeds first).
 */
public enum ModelKind {

    /** Part 1's neural bigram on minibatches (the lecture trains it full-batch with lr 50). */
    BIGRAM(new Hyperparameters("bigram", 20_000, 256, 10f, 1f, 15_000, 2147483647L, 1, 0, 0)),
    /** Part 2's MLP: 11,897 parameters, plain randn init. */
    MLP(new Hyperparameters("mlp", 200_000, 32, 0.1f, 0.01f, 100_000, 2147483647L, 3, 10, 200)),
    /** Part 3's deep BatchNorm MLP: 47,024 parameters. */
    BN(new Hyperparameters("bn", 200_000, 32, 0.1f, 0.01f, 150_000, 2147483647L, 3, 10, 100)),
    /** Part 5's 22K hierarchical model (BatchNorm bug fixed): 22,397 parameters. */
    HIERARCHICAL(new Hyperparameters("hierarchical", 200_000, 32, 0.1f, 0.01f, 150_000, 42L, 8, 10, 68)),
    /** Part 5's WaveNet: 76,579 parameters, val 1.9937 in the lecture. */
    WAVENET(new Hyperparameters("wavenet", 200_000, 32, 0.1f, 0.01f, 150_000, 42L, 8, 24, 128)),
    /**
     * The WaveNet as a dilated causal convolution over whole names. A batch is 32 names (about 228
     * scored characters, 7.13 per name on average), so 28,000 steps see 32 x 28,000 x 7.13 = 6.39M
     * characters, the WaveNet's 200,000 x 32 = 6.4M; the learning rate drops at 3/4 of the run as there.
     */
    CONV(new Hyperparameters("conv", 28_000, 32, 0.1f, 0.01f, 21_000, 42L, 8, 24, 128));

    private final Hyperparameters defaults;

    ModelKind(Hyperparameters defaults) {
        this.defaults = defaults;
    }

    /** The lecture's settings for this model. */
    public Hyperparameters defaults() {
        return defaults;
    }

    /** The name used on the command line and in checkpoints. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the model reads whole names ({@link ConvNet}) rather than context windows. */
    public boolean readsWholeNames() {
        return this == CONV;
    }

    /**
     * Checks the combination of settings this model can be built with.
     *
     * @throws UsageException naming the option that does not fit
     */
    public void validate(Hyperparameters h) {
        require(h.steps() >= 1, "--steps must be at least 1, got " + h.steps());
        require(h.batchSize() >= 2, "--batch-size must be at least 2 (BatchNorm needs a variance), got " + h.batchSize());
        require(Float.isFinite(h.lr()) && h.lr() > 0, "--lr must be a positive number, got " + h.lr());
        require(Float.isFinite(h.lrFinal()) && h.lrFinal() > 0, "--lr-final must be a positive number, got " + h.lrFinal());
        require(h.decayStep() >= 0, "--decay-step must be non-negative, got " + h.decayStep());
        require(h.blockSize() >= 1, "--block-size must be at least 1, got " + h.blockSize());
        switch (this) {
            case BIGRAM -> require(h.blockSize() == 1, "bigram reads one character: --block-size must be 1");
            case MLP -> {
                require(h.nEmbd() >= 1, "--n-embd must be at least 1, got " + h.nEmbd());
                require(h.nHidden() >= 1, "--n-hidden must be at least 1, got " + h.nHidden());
            }
            case BN -> require(h.blockSize() == 3 && h.nEmbd() == 10 && h.nHidden() == 100,
                    "bn is part 3's fixed network: --block-size 3, --n-embd 10, --n-hidden 100");
            case HIERARCHICAL, WAVENET, CONV -> {
                require(h.blockSize() == 8, cliName() + " fuses pairs three times: --block-size must be 8, got "
                        + h.blockSize());
                require(h.nEmbd() >= 1, "--n-embd must be at least 1, got " + h.nEmbd());
                require(h.nHidden() >= 1, "--n-hidden must be at least 1, got " + h.nHidden());
            }
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new UsageException(message);
        }
    }

    /** Builds the model with fresh weights drawn from the global generator (seed it first). */
    public Layer build(Hyperparameters h, int vocabSize, NDManager manager) {
        return switch (this) {
            case BIGRAM -> Models.bigram(vocabSize, manager);
            case MLP -> new Mlp(vocabSize, h.blockSize(), h.nEmbd(), h.nHidden(), Mlp.Init.PLAIN, manager);
            case BN -> Models.deepBatchNorm(vocabSize, manager);
            case HIERARCHICAL, WAVENET -> Models.hierarchical(vocabSize, h.nEmbd(), h.nHidden(),
                    BatchNorm1d.Reduce.BATCH_AND_TIME, manager);
            case CONV -> ConvNet.of(Models.hierarchical(vocabSize, h.nEmbd(), h.nHidden(),
                    BatchNorm1d.Reduce.BATCH_AND_TIME, manager));
        };
    }

    /**
     * The model called {@code name}.
     *
     * @throws UsageException listing the known models
     */
    public static ModelKind parse(String name) {
        for (ModelKind kind : values()) {
            if (kind.cliName().equals(name)) {
                return kind;
            }
        }
        throw new UsageException("unknown model '" + name + "' (choose one of "
                + String.join(", ", Arrays.stream(values()).map(ModelKind::cliName).toList()) + ")");
    }
}
