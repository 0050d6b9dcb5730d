package dev.makemore.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import dev.makemore.Decimal;
import dev.makemore.Fixtures;
import dev.makemore.LectureNumbers;
import dev.makemore.Torch;
import dev.makemore.data.Bigrams;
import dev.makemore.data.Datasets;
import dev.makemore.data.Vocab;
import dev.makemore.nn.Layer;
import dev.makemore.nn.Sequential;
import dev.makemore.nn.Tanh;
import dev.makemore.sample.Multinomial;
import dev.makemore.sample.NameSampler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Short seeded runs that must reproduce the lectures' printed numbers exactly. */
class LectureExactnessTest {

    @Test
    void part3DeepNetAfter1001StepsMatchesTheNotebookDigitForDigit() {
        try (NDManager manager = Torch.newManager()) {
            Datasets data = Fixtures.datasets(3, manager);
            Torch.seed(LectureRun.GENERATOR_SEED);
            Sequential model = (Sequential) LectureRun.DEEP_BN.model(data.vocab().size(), manager);
            assertEquals(47_024, model.parameterCount());
            model.layers().stream().filter(l -> l instanceof Tanh).forEach(l -> ((Tanh) l).retainGrad(true));
            List<Float> losses = new ArrayList<>();
            List<Diagnostics.ActivationStats> tanh = new ArrayList<>();
            List<Diagnostics.WeightStats> weights = new ArrayList<>();
            new Trainer(model, data.train(), 32, LectureRun.DEEP_BN.learningRate())
                    .onStep(e -> losses.add(e.loss()))
                    .onStep(e -> {
                        if (e.step() == 1000) {
                            tanh.addAll(Diagnostics.tanhStats(model));
                            weights.addAll(Diagnostics.weightStats(model));
                        }
                    })
                    .train(1001);
            assertEquals("3.2870", Decimal.fixed(losses.get(0), 4));
            // The notebook's diagnostics tables; its layer numbers are ours minus 2 (C and the view are outside its
            // list). Standard deviations of gradients agree to 1e-6 relative: the last printed digit of a float
            // std can differ by one with the order of its double-precision accumulation.
            double[][] tanhTable = {{0.63, 2.78, 2.640702e-03}, {0.64, 2.56, 2.245584e-03}, {0.65, 2.25, 2.045742e-03},
                {0.65, 1.69, 1.983134e-03}, {0.65, 1.88, 1.952382e-03}};
            assertEquals(5, tanh.size());
            for (int i = 0; i < 5; i++) {
                Diagnostics.ActivationStats t = tanh.get(i);
                assertEquals(4 + 3 * i, t.layer());
                assertEquals(String.format("%.2f %.2f", tanhTable[i][0], tanhTable[i][1]),
                        String.format("%.2f %.2f", t.std(), t.saturatedPercent()));
                assertEquals(tanhTable[i][2], t.gradStd(), 1e-6 * tanhTable[i][2]);
            }
            double[][] weightTable = {{0.000000, 8.020534e-03, 8.012630e-03}, {0.000246, 9.241077e-03, 4.881091e-02},
                {0.000113, 7.132879e-03, 6.964619e-02}, {-0.000086, 6.234305e-03, 6.073741e-02},
                {0.000052, 5.742187e-03, 5.631483e-02}, {0.000032, 5.672205e-03, 5.570125e-02},
                {-0.000082, 1.209416e-02, 1.160106e-01}};
            assertEquals(List.of("(27, 10)", "(30, 100)", "(100, 100)", "(100, 100)", "(100, 100)", "(100, 100)", "(100, 27)"),
                    weights.stream().map(Diagnostics.WeightStats::shape).toList());
            for (int i = 0; i < weightTable.length; i++) {
                Diagnostics.WeightStats w = weights.get(i);
                assertEquals(weightTable[i][0], w.gradMean(), 5e-7);
                assertEquals(weightTable[i][1], w.gradStd(), 1e-6 * weightTable[i][1]);
                assertEquals(weightTable[i][2], w.gradToData(), 1e-6 * weightTable[i][2]);
            }
            assertEquals(LectureNumbers.DEEP_BN_1K.train(), Evaluator.splitLoss(model, data.train()), 0.0);
            assertEquals(LectureNumbers.DEEP_BN_1K.val(), Evaluator.splitLoss(model, data.dev()), 0.0);

            Torch.seed(LectureRun.GENERATOR_SEED + 10);
            assertEquals(LectureNumbers.DEEP_BN_1K_SAMPLES, new NameSampler(model, data.vocab(), 3).sample(20, manager));
        }
    }

    @Test
    void part3BatchNormMlpPrintsTheNotebookLossesAtSteps0And10k() {
        try (NDManager manager = Torch.newManager()) {
            Datasets data = Fixtures.datasets(3, manager);
            Torch.seed(LectureRun.GENERATOR_SEED);
            Layer model = LectureRun.BN_MLP.model(data.vocab().size(), manager);
            assertEquals(12_097, model.parameterCount());
            Map<Integer, String> printed = new TreeMap<>();
            new Trainer(model, data.train(), 32, LectureRun.BN_MLP.learningRate())
                    .onStep(e -> {
                        if (e.step() % 10_000 == 0) {
                            printed.put(e.step(), Decimal.fixed(e.loss(), 4));
                        }
                    })
                    .train(10_001);
            assertEquals(Map.of(0, "3.3239", 10_000, "2.0322"), printed);
        }
    }

    @Test
    void part5WavenetStartsAtTheNotebookLoss() {
        try (NDManager manager = Torch.newManager()) {
            Datasets data = Fixtures.datasets(8, manager);
            Torch.seed(42);
            Layer model = LectureRun.WAVENET.model(data.vocab().size(), manager);
            assertEquals(76_579, model.parameterCount());
            float[] first = new float[1];
            new Trainer(model, data.train(), 32, LectureRun.WAVENET.learningRate())
                    .onStep(e -> first[0] = e.loss())
                    .train(1);
            assertEquals("3.3167", Decimal.fixed(first[0], 4));
        }
    }

    @Test
    void part1CountModelSamplesThePyTorch2Names() {
        List<String> words = Fixtures.words();
        Vocab vocab = Vocab.of(words);
        Bigrams bigrams = Bigrams.count(words, vocab);
        int v = vocab.size();
        float[][] p = new float[v][v];
        for (int i = 0; i < v; i++) {
            float rowSum = 0f;
            for (int j = 0; j < v; j++) {
                p[i][j] = bigrams.count(i, j) + 1;
                rowSum += p[i][j];
            }
            for (int j = 0; j < v; j++) {
                p[i][j] /= rowSum;
            }
        }
        try (NDManager manager = Torch.newManager()) {
            Torch.seed(LectureRun.GENERATOR_SEED);
            List<String> names = new ArrayList<>();
            for (int k = 0; k < 5; k++) {
                StringBuilder out = new StringBuilder();
                int ix = 0;
                do {
                    ix = Multinomial.sample(p[ix], manager);
                    out.append(vocab.symbol(ix));
                } while (ix != 0);
                names.add(out.toString());
            }
            assertEquals(LectureNumbers.BIGRAM_SAMPLES, names);
        }
    }
}
