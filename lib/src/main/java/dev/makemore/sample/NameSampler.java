package dev.makemore.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.makemore.Torch;
import dev.makemore.data.Vocab;
import dev.makemore.nn.Layer;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates names from a trained model, as the lectures' sampling cell does: start from a context of
 * {@code '.'}s, draw the next character from {@code softmax(model(context))}, slide the context, stop at
 * {@code '.'}. Draws come from PyTorch's global generator; seed it first with {@code Torch.seed} (the
 * lectures use 2147483647 + 10 in parts 2-3 and continue part 5's stream).
 */
public final class NameSampler {

    /** A generated name stops here even without {@code '.'}, so an untrained model cannot loop forever. */
    public static final int MAX_LENGTH = 1000;

    private final Layer model;
    private final Vocab vocab;
    private final int blockSize;

    /** A sampler for {@code model}, whose contexts are {@code blockSize} long. */
    public NameSampler(Layer model, Vocab vocab, int blockSize) {
        this.model = model;
        this.vocab = vocab;
        this.blockSize = blockSize;
    }

    /** One name, with its final {@code '.'}, e.g. {@code "arlij."}. Puts the model in eval mode. */
    @SuppressWarnings("try") // the scope frees what the block creates; it is never referenced
    public String sample(NDManager manager) {
        model.train(false);
        StringBuilder out = new StringBuilder();
        long[] context = new long[blockSize];
        int ix;
        do {
            try (NDScope ignored = new NDScope()) {
                NDArray logits = Torch.noGrad(() -> model.forward(manager.create(context, new Shape(1, blockSize))));
                ix = Multinomial.sample(logits.softmax(1));
            }
            System.arraycopy(context, 1, context, 0, blockSize - 1);
            context[blockSize - 1] = ix;
            out.append(vocab.symbol(ix));
        } while (ix != 0 && out.length() < MAX_LENGTH);
        return out.toString();
    }

    /** {@code count} names, drawn one after the other. */
    public List<String> sample(int count, NDManager manager) {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(sample(manager));
        }
        return names;
    }
}
