package dev.makemore.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.makemore.Fixtures;
import dev.makemore.Torch;
import dev.makemore.data.Datasets;
import dev.makemore.nn.BatchNorm1d;
import dev.makemore.nn.Layer;
import dev.makemore.nn.Models;
import dev.makemore.sample.NameSampler;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A notebook kernel runs each cell on a new thread, and PyTorch's grad mode is per thread and on by
 * default there. Building, training, evaluating and sampling must all work from such a thread and leave
 * its grad mode as they found it.
 */
class GradModeTest {

    @Test
    void everythingWorksOnAFreshThreadWithGradModeOn() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<float[]> result = new AtomicReference<>();
        Thread cell = new Thread(() -> {
            try (NDManager manager = Torch.newManager()) {
                JniUtils.setGradMode(true); // what a fresh thread has
                Datasets data = Fixtures.datasets(8, manager);
                Torch.seed(42);
                // hierarchical() scales its last layer in place at construction
                Layer model = Models.hierarchical(data.vocab().size(), 8, 10, 68, BatchNorm1d.Reduce.BATCH_AND_TIME, manager);
                LossHistory history = new Trainer(model, data.train(), 32, LearningRate.constant(0.1f)).train(20);
                float val = Evaluator.splitLoss(model, data.dev());
                String name = new NameSampler(model, data.vocab(), 8).sample(manager);
                assertTrue(JniUtils.isGradMode(), "grad mode restored for the caller");
                assertFalse(name.isEmpty());
                result.set(new float[] {(float) history.loss(0), (float) history.loss(19), val});
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        cell.start();
        cell.join();
        if (failure.get() != null) {
            throw new AssertionError("training on a fresh thread failed", failure.get());
        }
        float[] r = result.get();
        assertEquals(3.2958, r[0], 0.15, "a near-uniform first loss");
        assertTrue(r[1] < r[0], "the loss fell");
        assertTrue(Float.isFinite(r[2]) && r[2] < 3.4f, "val loss " + r[2]);
    }
}
