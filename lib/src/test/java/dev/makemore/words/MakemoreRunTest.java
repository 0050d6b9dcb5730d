package dev.makemore.words;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.makemore.Torch;
import dev.makemore.data.Names;
import dev.makemore.data.WordList;
import dev.makemore.zoo.ZooType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** makemore.py's program on names.txt at tiny sizes: deterministic, split as makemore splits, every type trains. */
class MakemoreRunTest {

    private static final WordList NAMES = WordList.load(Names.defaultPath());

    private static MakemoreSettings tiny(ZooType type) {
        return MakemoreSettings.defaults(type).nLayer(1).nHead(2).nEmbd(16).nEmbd2(16).batchSize(16);
    }

    @Test
    void theSplitAndTheVocabularyAreMakemoresForNamesTxt() {
        try (NDManager m = Torch.newManager()) {
            MakemoreRun run = new MakemoreRun(NAMES, tiny(ZooType.BIGRAM), m);
            assertEquals(27, NAMES.vocabSize());
            assertEquals(16, run.train().width(), "the longest name (15) plus the start token");
            assertEquals(1000, run.test().size(), "min(1000, 10% of 32,033)");
            assertEquals(31_033, run.train().size());
        }
    }

    @Test
    void theFirstBatchIsPyTorchsTheSamplersSeedDrawnAfterTheLoadersBaseSeed() {
        // bench/makemore_train_ref.py mlp (makemore.py's defaults, seed 3407): the first step's loss is 3.3716562;
        // a sampler seeded with iter(DataLoader)'s base seed, the draw before, would give the batch of loss 3.4050977
        try (NDManager m = Torch.newManager()) {
            MakemoreRun run = new MakemoreRun(NAMES, MakemoreSettings.defaults(ZooType.MLP), m);
            assertEquals(3.3716562f, run.step(), 2e-6f);
        }
    }

    @Test
    void everyTypeTrainsAndTheSameSeedGivesTheSameLossesEvaluationsAndSamples() {
        for (ZooType type : ZooType.values()) {
            float[][] losses = new float[2][];
            float[] evals = new float[2];
            List<?>[] samples = new List<?>[2];
            for (int rep = 0; rep < 2; rep++) {
                try (NDManager m = Torch.newManager()) {
                    MakemoreRun run = new MakemoreRun(NAMES, tiny(type), m);
                    for (int i = 0; i < 30; i++) {
                        assertTrue(Float.isFinite(run.step()), type + " step " + i);
                    }
                    losses[rep] = run.history().log10Losses();
                    evals[rep] = run.evaluate(run.test());
                    samples[rep] = run.generate(5);
                }
            }
            assertArrayEquals(losses[0], losses[1], type + ": same seed, same losses");
            assertEquals(evals[0], evals[1], type + ": same evaluation");
            assertEquals(samples[0], samples[1], type + ": same samples");
            double first = Math.pow(10, losses[0][0]);
            assertTrue(first > 2.5 && first < 4.5, type + ": the first loss is near ln 27, got " + first);
        }
    }

    @Test
    void evaluationsDrawTheirShuffleFromTheGlobalStreamSoTwoInARowDiffer() {
        try (NDManager m = Torch.newManager()) {
            MakemoreRun run = new MakemoreRun(NAMES, tiny(ZooType.MLP), m);
            run.step();
            assertNotEquals(run.evaluate(run.train()), run.evaluate(run.train()), "two shuffles, two sets of 1,100 words");
        }
    }

    @Test
    void samplesAreWordsOfTheVocabularyGroupedAsMakemorePrintsThem() {
        try (NDManager m = Torch.newManager()) {
            MakemoreRun run = new MakemoreRun(NAMES, tiny(ZooType.RNN).topK(3).temperature(0.8), m);
            MakemoreRun.Samples s = run.sample(20);
            assertEquals(20, s.inTrain().size() + s.inTest().size() + s.fresh().size());
            for (String w : s.fresh()) {
                assertTrue(w.chars().allMatch(c -> c >= 'a' && c <= 'z'), w);
            }
        }
    }

    @Test
    void aKnobThatCannotWorkNamesItself() {
        var e = assertThrows(IllegalArgumentException.class, () -> MakemoreSettings.defaults(ZooType.TRANSFORMER).nHead(5).validate());
        assertTrue(e.getMessage().startsWith("nEmbd: ") && e.getMessage().contains("nHead 5"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MakemoreSettings.defaults(ZooType.GRU).topK(0).validate())
                .getMessage().startsWith("topK: "));
        assertEquals(List.of("nEmbd 64 → 32"), MakemoreSettings.defaults(ZooType.GRU).nEmbd(32).changes());
        var s = MakemoreSettings.defaults(ZooType.LSTM).lr(1e-3).topK(5);
        assertEquals(s, MakemoreSettings.fromMap(s.toMap()));
    }
}
