package dev.makemore.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.makemore.Fixtures;
import dev.makemore.Torch;
import dev.makemore.data.Examples;
import dev.makemore.data.Split;
import dev.makemore.data.Vocab;
import dev.makemore.nn.Layer;
import dev.makemore.nn.Mlp;
import dev.makemore.nn.Models;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerTest {

    /** 200 names: a fixture small enough to train on in a second. */
    private static final List<String> FEW = Fixtures.words().subList(0, 200);

    @Test
    void nativeMemoryStaysFlat() throws IOException {
        try (NDManager manager = Torch.newManager()) {
            Vocab vocab = Vocab.of(Fixtures.words());
            Examples data = Examples.of(Split.of(Fixtures.words()).train(), vocab, 8, manager);
            Torch.seed(42);
            Layer model = dev.makemore.train.LectureRun.WAVENET.settings().sequential(vocab.size(), manager);
            Trainer trainer = new Trainer(model, data, 32, LearningRate.constant(0.1f));
            trainer.train(100);
            int arraysAfter100 = manager.getManagedArrays().size();
            long nativeAfter100 = nativeBytes();
            trainer.train(5_000);
            assertEquals(arraysAfter100, manager.getManagedArrays().size(), "live native arrays after 5,000 steps");
            long growth = nativeBytes() - nativeAfter100;
            // A step whose graph or activations survive (~0.5 MB for this model) would add gigabytes over 5,000
            // steps; the bound leaves room for the allocator's own caching, which varies with earlier tests.
            assertTrue(growth < 1L << 30, "native memory grew by " + (growth >> 20) + " MB");
        }
    }

    @Test
    void lossDecreasesOnASmallFixture() {
        try (NDManager manager = Torch.newManager()) {
            Vocab vocab = Vocab.of(FEW);
            Examples data = Examples.of(FEW, vocab, 3, manager);
            Torch.seed(1);
            Layer model = new Mlp(vocab.size(), 3, 10, 200, Mlp.Init.KAIMING, manager);
            float before = Evaluator.splitLoss(model, data);
            LossHistory h = new Trainer(model, data, 32, LearningRate.constant(0.1f)).train(1_000);
            double[] means = h.windowMeans(100);
            assertTrue(means[9] < means[0] - 0.1, "log10 loss " + means[0] + " -> " + means[9]);
            float after = Evaluator.splitLoss(model, data);
            assertTrue(after < before - 0.5, "split loss " + before + " -> " + after);
        }
    }

    @Test
    void divergenceStopsWithAMessageNamingStepAndLearningRate() {
        try (NDManager manager = Torch.newManager()) {
            Vocab vocab = Vocab.of(FEW);
            Examples data = Examples.of(FEW, vocab, 3, manager);
            Torch.seed(1);
            Layer model = new Mlp(vocab.size(), 3, 10, 200, Mlp.Init.PLAIN, manager);
            Trainer trainer = new Trainer(model, data, 32, LearningRate.step(0.1f, Float.POSITIVE_INFINITY, 5));
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.train(100));
            assertTrue(e.getMessage().contains("at step " + e.step()) && e.getMessage().contains("learning rate Infinity"),
                    e.getMessage());
            assertTrue(e.step() >= 6, "diverged at " + e.step());
            for (NDArray p : model.parameters()) {
                assertEquals(false, p.isReleased());
            }
        }
    }

    @Test
    void interruptionStopsBetweenStepsWithUsableParameters() {
        try (NDManager manager = Torch.newManager()) {
            Vocab vocab = Vocab.of(FEW);
            Examples data = Examples.of(FEW, vocab, 3, manager);
            Torch.seed(1);
            Layer model = Models.batchNormMlp(vocab.size(), 3, 10, 200, manager);
            Trainer trainer = new Trainer(model, data, 32, LearningRate.constant(0.1f)).onStep(e -> {
                if (e.step() == 9) {
                    Thread.currentThread().interrupt();
                }
            });
            trainer.train(1_000);
            assertTrue(Thread.interrupted(), "the interrupt flag is kept for the caller");
            assertEquals(10, trainer.step());
            assertTrue(trainer.wasInterrupted());
            assertTrue(Float.isFinite(Evaluator.splitLoss(model, data)));
            trainer.train(20); // and it can continue
            assertEquals(20, trainer.history().size());
        }
    }

    @Test
    void chunkedEvaluationEqualsOneFullBatch() {
        try (NDManager manager = Torch.newManager()) {
            Vocab vocab = Vocab.of(Fixtures.words());
            Examples data = Examples.of(Split.of(Fixtures.words()).dev(), vocab, 3, manager);
            Torch.seed(1);
            Layer model = Models.deepBatchNorm(vocab.size(), 3, 10, 100, 5, manager);
            new Trainer(model, data, 32, LearningRate.constant(0.1f)).train(50);
            float full = Evaluator.splitLoss(model, data, Integer.MAX_VALUE);
            assertEquals(full, Evaluator.splitLoss(model, data, 1000), 0f);
            assertEquals(full, Evaluator.splitLoss(model, data, 7), 0f);
        }
    }

    @Test
    void lossHistoryKeepsLog10AndWindowMeans() {
        LossHistory h = new LossHistory();
        for (int i = 0; i < 2_500; i++) {
            h.add(i < 1_000 ? 10f : 100f);
        }
        assertEquals(2_500, h.size());
        assertArrayEquals(new double[] {1, 2}, h.thousandStepMeans(), 1e-6);
        assertEquals(100, h.loss(2_499), 1e-4);
    }

    @Test
    void stepScheduleSwitchesAtTheGivenStep() {
        LearningRate lr = LearningRate.step(0.1f, 0.01f, 150_000);
        assertEquals(0.1f, lr.at(149_999));
        assertEquals(0.01f, lr.at(150_000));
    }

    /** Resident memory less the Java heap, whose growth with garbage wrappers is not a native leak. */
    private static long nativeBytes() throws IOException {
        System.gc();
        String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
        return Long.parseLong(statm[1]) * 4096 - Runtime.getRuntime().totalMemory();
    }
}
