package dev.makemore.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.makemore.Numerics;
import dev.makemore.data.NameSequences;
import java.util.ArrayList;
import java.util.List;

/**
 * Part 5's closing idea made real: the hierarchical model applied at every position of a name at once is a
 * stack of dilated causal convolutions.
 *
 * <p>The hierarchical model fuses neighbours {@code (x0,x1), (x2,x3), ...} with {@code FlattenConsecutive(2)}
 * and one Linear, then pairs of pairs, then pairs of those. Sliding it one character to the right recomputes
 * almost all of that. A kernel-2 convolution with dilation {@code d} computes the fusion at <em>every</em>
 * position: {@code h_t = W [x_{t-d}; x_t]}, which is the Linear applied to the sequence concatenated with
 * itself shifted by {@code d}. Dilations 1, 2, 4 give a receptive field of 8, exactly the hierarchical
 * model's context, so with a name left-padded by 8 start tokens output {@code t} scores the {@code t}-th
 * (context, next character) example of that name, and one pass scores the whole name.
 *
 * <p>The model owns no weights of its own: it runs the layers of a hierarchical {@link Sequential} (Embedding,
 * then {@code [FlattenConsecutive(2), Linear, BatchNorm1d, Tanh]} blocks, then Linear). So it starts from the
 * same seeded weights as the part-5 WaveNet (76,579 parameters), and a trained WaveNet can be run as a
 * convolution without copying anything.
 *
 * <p>In training, BatchNorm takes its statistics over the <em>valid</em> positions only: those whose receptive
 * field ends inside the name, i.e. that feed a scored output. Padding after the end token would otherwise
 * drag the mean towards the embedding of {@code '.'}. Eval mode uses the running statistics, as always.
 */
public final class ConvNet implements Layer {

    private final Sequential layers;
    private final Embedding embedding;
    private final List<Block> blocks;
    private final Linear output;
    private final int receptiveField;
    private boolean training = true;

    /** One convolution block: kernel-2 causal conv with {@code dilation}, BatchNorm over (batch, time), tanh. */
    private record Block(Linear conv, BatchNorm1d norm, Tanh tanh, int dilation) {}

    private ConvNet(Sequential layers, Embedding embedding, List<Block> blocks, Linear output) {
        this.layers = layers;
        this.embedding = embedding;
        this.blocks = blocks;
        this.output = output;
        this.receptiveField = 1 + blocks.stream().mapToInt(Block::dilation).sum();
    }

    /**
     * The convolutional view of a hierarchical model; shares (does not copy) its layers.
     *
     * @param hierarchical {@code Embedding, [FlattenConsecutive(2), Linear, BatchNorm1d, Tanh] x k, Linear}
     * @throws IllegalArgumentException if the layers are not laid out that way
     */
    public static ConvNet of(Sequential hierarchical) {
        List<Layer> l = hierarchical.layers();
        if (l.size() < 6 || (l.size() - 2) % 4 != 0 || !(l.get(0) instanceof Embedding emb)
                || !(l.get(l.size() - 1) instanceof Linear out)) {
            throw new IllegalArgumentException("expected Embedding, [FlattenConsecutive(2), Linear, BatchNorm1d, Tanh] "
                    + "blocks and a final Linear, got " + l);
        }
        List<Block> blocks = new ArrayList<>();
        for (int i = 1, dilation = 1; i < l.size() - 1; i += 4, dilation *= 2) {
            if (!(l.get(i) instanceof FlattenConsecutive) || !(l.get(i + 1) instanceof Linear conv)
                    || !(l.get(i + 2) instanceof BatchNorm1d norm) || !(l.get(i + 3) instanceof Tanh tanh)) {
                throw new IllegalArgumentException("block at layer " + i + " is not [FlattenConsecutive(2), Linear, "
                        + "BatchNorm1d, Tanh]: " + l.subList(i, Math.min(i + 4, l.size())));
            }
            blocks.add(new Block(conv, norm, tanh, dilation));
        }
        return new ConvNet(hierarchical, emb, List.copyOf(blocks), out);
    }

    /** Start tokens to put before each name: the receptive field, 8 for three blocks. */
    public int padding() {
        return receptiveField;
    }

    /** The hierarchical model whose layers this runs. */
    public Sequential layers() {
        return layers;
    }

    /**
     * Logits at every position, counting every position as valid (a batch of equal-length sequences, or
     * eval mode, where validity does not matter).
     *
     * @param x int64 {@code [B, T]} with {@code T >= padding()}
     * @return {@code [B, T - padding() + 1, vocab]}
     */
    @Override
    public NDArray forward(NDArray x) {
        long t = x.getShape().get(1);
        int[] lengths = new int[(int) x.getShape().get(0)];
        java.util.Arrays.fill(lengths, (int) t - receptiveField);
        return forward(x, lengths, Numerics.EXACT);
    }

    /** Logits {@code [B, maxLen + 1, vocab]} for a padded batch of names. */
    public NDArray forward(NameSequences.Batch batch) {
        return forward(batch, Numerics.EXACT);
    }

    /** As {@link #forward(NameSequences.Batch)}; in training, FAST runs each masked BatchNorm as one fused op. */
    public NDArray forward(NameSequences.Batch batch, Numerics numerics) {
        return forward(batch.x(), batch.lengths(), numerics);
    }

    private NDArray forward(NDArray ids, int[] lengths, Numerics numerics) {
        NDArray x = embedding.forward(ids); // [B, T, C]
        int field = 1;
        for (Block block : blocks) {
            long t = x.getShape().get(1);
            int d = block.dilation();
            // [x_{t-d}; x_t] for every t that has a left neighbour at distance d
            NDArray pairs = x.get(":, 0:" + (t - d)).concat(x.get(":, " + d + ":"), 2);
            NDArray h = block.conv().forward(pairs);
            field += d;
            if (!training) {
                h = block.norm().forward(h);
            } else if (numerics == Numerics.FAST) {
                h = fusedMaskedBatchNorm(block.norm(), h, lengths, field);
            } else {
                h = maskedBatchNorm(block.norm(), h, validMask(lengths, t - d, field, x.getManager()));
            }
            x = block.tanh().forward(h);
        }
        return output.forward(x);
    }

    /**
     * This model as a window model, like the WaveNet: {@code [B, padding()]} contexts in, the logits of the
     * last position {@code [B, vocab]} out. Lets the name sampler and window-based evaluation use it.
     */
    public Layer lastPosition() {
        ConvNet conv = this;
        return new Layer() {
            @Override
            public NDArray forward(NDArray x) {
                return conv.forward(x).get(":, -1, :");
            }

            @Override
            public List<NDArray> parameters() {
                return conv.parameters();
            }

            @Override
            public List<NDArray> buffers() {
                return conv.buffers();
            }

            @Override
            public void train(boolean training) {
                conv.train(training);
            }
        };
    }

    /**
     * 1 where position {@code t} of a layer with receptive field {@code field} reads only the start tokens and
     * the name, 0 where it reads padding after the end: {@code t + field <= padding + length}.
     */
    private NDArray validMask(int[] lengths, long positions, int field, NDManager manager) {
        float[] mask = new float[(int) (lengths.length * positions)];
        for (int b = 0; b < lengths.length; b++) {
            long valid = Math.min(positions, receptiveField + lengths[b] - field + 1L);
            for (int t = 0; t < valid; t++) {
                mask[(int) (b * positions + t)] = 1f;
            }
        }
        return NameSequences.owned(manager.create(mask, new Shape(lengths.length, positions, 1)));
    }

    /**
     * The lectures' BatchNorm over (batch, time), with mean and unbiased variance taken over the positions
     * where {@code mask} is 1; updates {@code norm}'s running statistics the same way.
     */
    private static NDArray maskedBatchNorm(BatchNorm1d norm, NDArray x, NDArray mask) {
        int[] dims = {0, 1};
        float n = mask.sum().getFloat();
        NDArray xmean = x.mul(mask).sum(dims, true).div(F.scalar(x, n)); // a scalar that outlives the backward pass (see F.scalar)
        NDArray xvar = x.sub(xmean).mul(mask).square().sum(dims, true).div(F.scalar(x, n - 1));
        NDArray xhat = x.sub(xmean).div(xvar.add(BatchNorm1d.EPS).sqrt());
        List<NDArray> gammaBeta = norm.parameters();
        NDArray out = gammaBeta.get(0).mul(xhat).add(gammaBeta.get(1));
        float m = BatchNorm1d.MOMENTUM;
        norm.setRunningStats(
                norm.runningMean().mul(1f - m).add(xmean.stopGradient().reshape(-1).mul(m)),
                norm.runningVar().mul(1f - m).add(xvar.stopGradient().reshape(-1).mul(m)));
        return out;
    }

    /**
     * {@link #maskedBatchNorm} in {@link Numerics#FAST}: the valid rows are gathered into one {@code [N, C]}
     * matrix, normalised by the fused {@code batch_norm} (see {@link BatchNorm1d}), and gathered back to every
     * position, an invalid position taking the first valid row's values. Invalid positions feed only invalid
     * positions of the next block and never a scored output, so their values do not matter and their gradient
     * is zero: adding it to the first row's changes nothing. About eight operations instead of about twenty.
     */
    private NDArray fusedMaskedBatchNorm(BatchNorm1d norm, NDArray x, int[] lengths, int field) {
        long b = x.getShape().get(0);
        long positions = x.getShape().get(1);
        long channels = x.getShape().get(2);
        long[] validRows = new long[(int) (b * positions)];
        long[] back = new long[validRows.length];
        int n = 0;
        for (int i = 0; i < b; i++) {
            long valid = Math.min(positions, receptiveField + lengths[i] - field + 1L);
            for (int t = 0; t < positions; t++) {
                if (t < valid) {
                    back[(int) (i * positions + t)] = n;
                    validRows[n++] = i * positions + t;
                }
            }
        }
        NDManager manager = x.getManager();
        NDArray gathered = x.reshape(-1, channels).get(NameSequences.owned(manager.create(java.util.Arrays.copyOf(validRows, n))));
        NDArray normalised = norm.forward(gathered, Numerics.FAST); // one batch_norm over the N valid rows
        return normalised.get(NameSequences.owned(manager.create(back))).reshape(b, positions, channels);
    }

    /**
     * The mean cross-entropy over the scored positions of {@code batch} (letters and end tokens; the padding
     * after the end is skipped), the conv model's training loss.
     */
    public NDArray loss(NameSequences.Batch batch) {
        return loss(batch, Numerics.EXACT);
    }

    /** {@link #loss(NameSequences.Batch)} with the given arithmetic (see {@link #forward(NameSequences.Batch, Numerics)}). */
    public NDArray loss(NameSequences.Batch batch, Numerics numerics) {
        NDArray logits = forward(batch, numerics);
        long positions = logits.getShape().get(1);
        long[] rows = new long[batch.positions()];
        int k = 0;
        for (int b = 0; b < batch.size(); b++) {
            for (int t = 0; t <= batch.lengths()[b]; t++) {
                rows[k++] = b * positions + t;
            }
        }
        NDArray index = NameSequences.owned(logits.getManager().create(rows));
        NDArray scored = logits.reshape(-1, logits.getShape().get(2)).get(index);
        return F.crossEntropy(scored, batch.y().reshape(-1).get(index));
    }

    @Override
    public List<NDArray> parameters() {
        return layers.parameters();
    }

    @Override
    public List<NDArray> buffers() {
        return layers.buffers();
    }

    @Override
    public void train(boolean training) {
        this.training = training;
        layers.train(training);
    }

    @Override
    public String toString() {
        return "ConvNet(dilations " + blocks.stream().map(b -> String.valueOf(b.dilation())).toList()
                + ", receptive field " + receptiveField + ")";
    }
}
