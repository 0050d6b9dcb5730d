package dev.makemore.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.makemore.Torch;
import dev.makemore.data.Examples;
import dev.makemore.data.NameSequences;
import dev.makemore.data.Names;
import dev.makemore.data.Split;
import dev.makemore.data.Vocab;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The conv model is the WaveNet applied at every position: same weights, same numbers. The WaveNet's
 * BatchNorm statistics and scales are set to random values first, so that the check covers them too
 * (a fresh model has mean 0, variance 1, gamma 1, beta 0, which would hide a mix-up).
 */
class ConvNetTest {

    private static NDManager manager;
    private static Vocab vocab;
    private static Split split;
    private static Sequential wavenet;
    private static ConvNet conv;

    @BeforeAll
    static void setUp() {
        manager = Torch.newManager();
        List<String> words = Names.loadDefault();
        vocab = Vocab.of(words);
        split = Split.of(words);
        Torch.seed(42);
        wavenet = dev.makemore.train.LectureRun.WAVENET.settings().sequential(vocab.size(), manager);
        Torch.seed(7);
        for (Layer layer : wavenet.layers()) {
            if (layer instanceof BatchNorm1d norm) {
                Shape c = norm.gamma().getShape();
                norm.setRunningStats(manager.randomNormal(c), manager.randomUniform(0.5f, 2f, c));
                for (NDArray p : norm.parameters()) {
                    p.addi(manager.randomNormal(c).mul(0.3f));
                }
            }
        }
        wavenet.train(false);
        conv = ConvNet.of(wavenet);
        conv.train(false);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    @Test
    void hasTheWaveNetsParametersAndAReceptiveFieldOfEight() {
        assertEquals(76_579, conv.parameterCount());
        assertEquals(8, conv.padding());
    }

    @Test
    void logitsAtEveryPositionEqualTheWaveNetsLogitsForThatContext() {
        try (NDManager step = manager.newSubManager()) {
            List<String> names = split.dev().subList(0, 64);
            NameSequences.Batch batch = NameSequences.of(names, vocab, conv.padding()).range(0, names.size(), step);
            float[] convLogits = conv.forward(batch).toFloatArray();
            Examples windows = Examples.of(names, vocab, 8, step);
            float[] flatLogits = wavenet.forward(windows.x()).toFloatArray();

            int v = vocab.size();
            int positions = (int) (convLogits.length / v / names.size());
            int row = 0;
            double maxDiff = 0;
            for (int b = 0; b < names.size(); b++) {
                for (int t = 0; t <= batch.lengths()[b]; t++, row++) {
                    for (int k = 0; k < v; k++) {
                        maxDiff = Math.max(maxDiff,
                                Math.abs(convLogits[(b * positions + t) * v + k] - flatLogits[row * v + k]));
                    }
                }
            }
            assertEquals(windows.size(), row, "one scored position per flat example");
            assertTrue(maxDiff < 1e-5, "max |conv - wavenet| logit difference " + maxDiff);
        }
    }

    @Test
    void valLossEqualsTheWaveNetsValLoss() {
        try (NDManager step = manager.newSubManager()) {
            Examples windows = Examples.of(split.dev(), vocab, 8, step);
            float wavenetLoss = F.crossEntropy(wavenet.forward(windows.x()), windows.y()).getFloat();

            NameSequences names = NameSequences.of(split.dev(), vocab, conv.padding());
            double nll = 0;
            for (int from = 0; from < names.size(); from += 1000) {
                try (NDManager chunk = step.newSubManager()) {
                    NameSequences.Batch batch = names.range(from, Math.min(names.size(), from + 1000), chunk);
                    nll += conv.loss(batch).getFloat() * (double) batch.positions();
                }
            }
            assertEquals(22_655, names.positions());
            assertEquals(wavenetLoss, nll / names.positions(), 2e-6);
        }
    }

    @Test
    void trainingIgnoresPaddingAfterTheEndToken() {
        try (NDManager step = manager.newSubManager()) {
            conv.train(true);
            try {
                NameSequences.Batch batch = NameSequences.of(List.of("ava", "isabella", "jo"), vocab, conv.padding())
                        .range(0, 3, step);
                float loss = conv.loss(batch).getFloat();
                // the same names with five more columns of padding: nothing valid changes
                NDArray x = batch.x().concat(step.zeros(new Shape(3, 5), DataType.INT64), 1);
                NDArray y = batch.y().concat(step.full(new Shape(3, 5), NameSequences.IGNORE, DataType.INT64), 1);
                float padded = conv.loss(new NameSequences.Batch(x, y, batch.lengths(), batch.pad())).getFloat();
                assertEquals(loss, padded, 1e-6f);
                // counting the padding as valid (forward without lengths) changes the statistics and the logits
                float[] masked = conv.forward(batch).get("0, 0").toFloatArray();
                float[] unmasked = conv.forward(x).get("0, 0").toFloatArray();
                double diff = 0;
                for (int k = 0; k < masked.length; k++) {
                    diff = Math.max(diff, Math.abs(masked[k] - unmasked[k]));
                }
                assertTrue(diff > 1e-3, "padding counted as valid must change the BatchNorm statistics, diff " + diff);
            } finally {
                conv.train(false);
            }
        }
    }

    @Test
    void rejectsAModelThatIsNotHierarchical() {
        Sequential mlp = new Sequential(new Embedding(27, 10, manager), new Flatten(), new Linear(30, 27, true, manager));
        assertThrows(IllegalArgumentException.class, () -> ConvNet.of(mlp));
    }
}
