package dev.makemore.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.makemore.data.NameSequences;
import dev.makemore.nn.F;
import dev.makemore.nn.Mlp;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One SGD step of part 2's MLP with part 4's hand-written backward pass instead of autograd's graph of the
 * whole step:
 * <pre>
 * dlogits = log_softmax'(g)                  g = -1/n at each target: nll_loss's gradient
 * db2 = dlogits.sum(0)    dW2 = h^T @ dlogits    dh = dlogits @ W2^T
 * dhpre = tanh'(dh)
 * db1 = dhpre.sum(0)      dW1 = embcat^T @ dhpre  dembcat = dhpre @ W1^T
 * dC = (C[X])'(dembcat)                      an accumulating scatter
 * </pre>
 * The three primed ones run PyTorch's own backward kernels, each on a one-node autograd graph from a leaf; the
 * products are the ones autograd would compute. So the step is the autograd step's arithmetic, bit for bit
 * (TrainerTest checks every step), with three recorded nodes instead of a dozen. W1, b1, W2 and b2 get no
 * {@code .grad}: their gradients are used for the update and dropped, so gradient diagnostics need
 * {@link dev.makemore.Numerics#EXACT}.
 */
final class HandWrittenMlpStep {

    private final NDArray c;
    private final NDArray w1;
    private final NDArray b1;
    private final NDArray w2;
    private final NDArray b2;

    HandWrittenMlpStep(Mlp model) {
        List<NDArray> p = model.parameters();
        c = p.get(0);
        w1 = p.get(1);
        b1 = p.get(2);
        w2 = p.get(3);
        b2 = p.get(4);
    }

    /** Forward, backward and update on one minibatch; returns its loss (the update is skipped when it is not finite). */
    float step(NDArray xb, long[] targets, float lr, NDManager manager) {
        int n = (int) xb.getShape().get(0);
        int vocab = (int) w2.getShape().get(1);
        NDArray emb = recorded(xb, c::get); // C[X] recorded: its backward is the scatter into C's gradient
        NDArray embcat = emb.reshape(n, -1);
        NDArray hpre = embcat.matMul(w1).add(b1);
        NDArray h = recorded(hpre, NDArray::tanh);
        NDArray logits = h.matMul(w2).add(b2);
        NDArray logprobs = recorded(logits, x -> x.logSoftmax(1));
        float[] lp = logprobs.toFloatArray();
        float[] picked = new float[n];
        float[] nllGrad = new float[n * vocab];
        for (int i = 0; i < n; i++) {
            picked[i] = lp[i * vocab + (int) targets[i]];
            nllGrad[i * vocab + (int) targets[i]] = -1f / n;
        }
        float loss = F.nllMean(picked);
        if (!Float.isFinite(loss)) {
            return loss;
        }
        NDArray dlogits = gradient(logprobs, NameSequences.owned(manager.create(nllGrad, new Shape(n, vocab))), logits);
        NDArray dw2 = h.transpose().matMul(dlogits);
        NDArray db2 = dlogits.sum(new int[] {0});
        NDArray dhpre = gradient(h, dlogits.matMul(w2.transpose()), hpre);
        NDArray dw1 = embcat.transpose().matMul(dhpre);
        NDArray db1 = dhpre.sum(new int[] {0});
        NDArray dembcat = dhpre.matMul(w1.transpose());
        JniUtils.backward((PtNDArray) emb, (PtNDArray) dembcat.reshape(emb.getShape()), false, false);
        Trainer.sgd(c, c.getGradient(), lr);
        Trainer.sgd(w1, dw1, lr);
        Trainer.sgd(b1, db1, lr);
        Trainer.sgd(w2, dw2, lr);
        Trainer.sgd(b2, db2, lr);
        return loss;
    }

    /** Only C has a {@code .grad} to clear. */
    void zeroGradients() {
        JniUtils.zeroGrad((PtNDArray) c);
    }

    /**
     * {@code op(input)} recorded by autograd as a one-node graph: {@code input} becomes a leaf, so that
     * {@link #gradient} runs exactly PyTorch's backward kernel for {@code op} and nothing else.
     */
    private static NDArray recorded(NDArray input, UnaryOperator<NDArray> op) {
        if (input.getDataType().isFloating()) {
            input.setRequiresGradient(true);
        }
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
}
