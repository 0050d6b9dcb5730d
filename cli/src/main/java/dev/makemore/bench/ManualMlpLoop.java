package dev.makemore.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.makemore.Torch;
import dev.makemore.data.Examples;
import dev.makemore.data.NameSequences;
import dev.makemore.nn.F;
import dev.makemore.nn.Mlp;
import java.util.ArrayList;
import java.util.List;

/**
 * Part 2's MLP with part 4's idea applied to speed: a hand-written backward pass, and all parameters in one
 * flat buffer so that the update is a single {@code flat -= lr * grads}.
 *
 * <p>The matrix gradients are written out with the very products autograd would compute, so the numbers
 * are the lecture loop's bit for bit (a test checks every step):
 * <pre>
 * dlogits = log_softmax'(g)                  g = -1/n at each target: nll_loss's gradient
 * db2 = dlogits.sum(0)    dW2 = h^T @ dlogits    dh = dlogits @ W2^T
 * dhpre = tanh'(dh)
 * db1 = dhpre.sum(0)      dW1 = embcat^T @ dhpre  dembcat = dhpre @ W1^T
 * dC = (C[X])'(dembcat)                      an accumulating scatter
 * </pre>
 * The three primed ones run PyTorch's own backward kernels, each on a one-node autograd graph from a leaf:
 * written as separate ops they differ in the last bit (the kernels fuse multiply-adds and use their own
 * exp). Autograd thus records three nodes instead of every op of the step.
 */
final class ManualMlpLoop extends FastLoop {

    private final Mlp model;
    private final NDArray flat;
    private final NDArray c;
    private final NDArray w1;
    private final NDArray b1;
    private final NDArray w2;
    private final NDArray b2;
    private final NDArray w1t;
    private final NDArray w2t;
    private final int vocab;

    /** Copies {@code model}'s current weights into the flat buffer. */
    ManualMlpLoop(Mlp model, Examples train, NDManager manager) {
        super(train.x().toLongArray(), train.y().toLongArray(), train.blockSize(), manager);
        this.model = model;
        List<NDArray> p = model.parameters();
        NDList pieces = new NDList();
        p.forEach(a -> pieces.add(a.reshape(-1)));
        this.flat = NDArrays.concat(pieces);
        List<NDArray> views = new ArrayList<>();
        long offset = 0;
        for (NDArray a : p) {
            views.add(flat.get(offset + ":" + (offset + a.size())).reshape(a.getShape()));
            offset += a.size();
        }
        c = views.get(0);
        w1 = views.get(1);
        b1 = views.get(2);
        w2 = views.get(3);
        b2 = views.get(4);
        w1t = w1.transpose(); // views: they follow the in-place updates of the flat buffer
        w2t = w2.transpose();
        c.setRequiresGradient(true); // the lookup C[X] goes through autograd
        vocab = (int) w2.getShape().get(1);
    }

    @Override
    protected float train(NDArray xb, long[] targets, float lr) {
        int n = (int) xb.getShape().get(0);
        // forward, as in Mlp.forward
        NDArray emb = c.get(xb);
        JniUtils.setGradMode(false); // nothing below is recorded
        NDArray embcat = emb.reshape(n, -1);
        NDArray hpre = embcat.matMul(w1).add(b1);
        NDArray h = recorded(hpre, NDArray::tanh);
        NDArray logits = h.matMul(w2).add(b2);
        NDArray logprobs = recorded(logits, x -> x.logSoftmax(1));
        float[] picked = new float[n];
        float[] nllGrad = new float[n * vocab];
        float[] lp = logprobs.toFloatArray();
        for (int i = 0; i < n; i++) {
            picked[i] = lp[i * vocab + (int) targets[i]];
            nllGrad[i * vocab + (int) targets[i]] = -1f / n;
        }
        float loss = F.nllMean(picked);
        if (!Float.isFinite(loss)) {
            return loss;
        }
        // backward
        NDArray dlogits = gradient(logprobs, NameSequences.owned(manager.create(nllGrad, new Shape(n, vocab))), logits);
        NDArray dw2 = h.transpose().matMul(dlogits);
        NDArray db2 = dlogits.sum(new int[] {0});
        NDArray dhpre = gradient(h, dlogits.matMul(w2t), hpre);
        NDArray dw1 = embcat.transpose().matMul(dhpre);
        NDArray db1 = dhpre.sum(new int[] {0});
        NDArray dembcat = dhpre.matMul(w1t);
        JniUtils.backward((PtNDArray) emb, (PtNDArray) dembcat.reshape(emb.getShape()), false, false);
        // update: one op on the flat buffer, then clear C's accumulated gradient
        NDArray dc = c.getGradient();
        flat.subi(NDArrays.concat(new NDList(dc.reshape(-1), dw1.reshape(-1), db1, dw2.reshape(-1), db2)).muli(lr));
        JniUtils.zeroGrad((PtNDArray) c);
        return loss;
    }

    /**
     * {@code op(input)} recorded by autograd as a one-node graph: {@code input} becomes a leaf, so that
     * {@link #gradient} can run exactly PyTorch's backward kernel for {@code op} and nothing else.
     */
    private static NDArray recorded(NDArray input, java.util.function.UnaryOperator<NDArray> op) {
        input.setRequiresGradient(true);
        JniUtils.setGradMode(true);
        try {
            return op.apply(input);
        } finally {
            JniUtils.setGradMode(false);
        }
    }

    /** d loss / d {@code leaf}, given d loss / d {@code output} for {@code output = op(leaf)} from {@link #recorded}. */
    private static NDArray gradient(NDArray output, NDArray outputGradient, NDArray leaf) {
        JniUtils.backward((PtNDArray) output, (PtNDArray) outputGradient, false, false);
        return leaf.getGradient();
    }

    @Override
    List<NDArray> parameters() {
        return List.of(c, w1, b1, w2, b2);
    }

    /** Copies the trained weights back into the lib model (for its evaluator and sampler). */
    @Override
    void finish() {
        List<NDArray> mine = parameters();
        List<NDArray> theirs = model.parameters();
        for (int i = 0; i < mine.size(); i++) {
            Torch.copyInto(theirs.get(i), mine.get(i).toFloatArray());
        }
    }
}
