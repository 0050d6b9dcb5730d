package dev.makemore.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import dev.makemore.Decimal;
import dev.makemore.Fixtures;
import dev.makemore.LectureNumbers;
import dev.makemore.OnPath;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Short seeded runs against the lectures' printed numbers. On the reference numeric path ({@link
 * dev.makemore.NumericPath}) the losses are the lecture's bits; on every other path each quantity has a bound
 * set from the spread measured across paths (see {@link #STAT_SPREAD}), so this class passes on Intel, AMD and
 * ARM alike and still fails on a real change. Each run prints what it measured and the path it ran on.
 */
class LectureExactnessTest {

    /**
     * Relative bound on a 1,001-step gradient statistic off the reference path. Measured spread against the
     * reference (x86-64 paths emulated with tools/numeric_path_env.sh): grad std up to 7e-7 (Intel AVX-512: the
     * (30, 100) weight's 9.241066e-03 against 9.241077e-03), grad:data up to 7e-7; a bug that changes training
     * (learning rate, BatchNorm momentum, a gradient) moves them by 1e-3 or more.
     */
    static final double STAT_SPREAD = 1e-5;

    /** The printed precision of the lecture's std columns (7 significant digits, last one may differ by one). */
    static final double PRINTED_STD = 1e-6;

    /** Absolute bound for a full-batch loss after 1,001 steps off the reference path (a few float ulps). */
    static final double LOSS_1K = 2e-6;

    @BeforeAll
    static void namePath() {
        System.out.println(OnPath.banner());
    }

    @Test
    void part3DeepNetAfter1001StepsMatchesTheNotebook() {
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
            System.out.printf("[numeric path] deep 1k: minibatch loss at step 1000 = %.9f%n", losses.get(1000));
            // The notebook's diagnostics tables; its layer numbers are ours minus 2 (C and the view are outside its
            // list). On the reference path standard deviations of gradients agree to 1e-6 relative: the last
            // printed digit of a float std can differ by one with the order of its double-precision accumulation.
            double[][] tanhTable = {{0.63, 2.78, 2.640702e-03}, {0.64, 2.56, 2.245584e-03}, {0.65, 2.25, 2.045742e-03},
                {0.65, 1.69, 1.983134e-03}, {0.65, 1.88, 1.952382e-03}};
            assertEquals(5, tanh.size());
            for (int i = 0; i < 5; i++) {
                Diagnostics.ActivationStats t = tanh.get(i);
                assertEquals(4 + 3 * i, t.layer());
                assertEquals(String.format("%.2f %.2f", tanhTable[i][0], tanhTable[i][1]),
                        String.format("%.2f %.2f", t.std(), t.saturatedPercent()));
                OnPath.closeRelative("deep 1k: tanh grad std " + i, tanhTable[i][2], t.gradStd(), PRINTED_STD, STAT_SPREAD);
            }
            double[][] weightTable = {{0.000000, 8.020534e-03, 8.012630e-03}, {0.000246, 9.241077e-03, 4.881091e-02},
                {0.000113, 7.132879e-03, 6.964619e-02}, {-0.000086, 6.234305e-03, 6.073741e-02},
                {0.000052, 5.742187e-03, 5.631483e-02}, {0.000032, 5.672205e-03, 5.570125e-02},
                {-0.000082, 1.209416e-02, 1.160106e-01}};
            assertEquals(List.of("(27, 10)", "(30, 100)", "(100, 100)", "(100, 100)", "(100, 100)", "(100, 100)", "(100, 27)"),
                    weights.stream().map(Diagnostics.WeightStats::shape).toList());
            for (int i = 0; i < weightTable.length; i++) {
                Diagnostics.WeightStats w = weights.get(i);
                // means are printed to 6 decimals; the paths differ by under 1e-9 absolute
                OnPath.close("deep 1k: weight grad mean " + i, weightTable[i][0], w.gradMean(), 5e-7, 5e-7);
                OnPath.closeRelative("deep 1k: weight grad std " + i, weightTable[i][1], w.gradStd(), PRINTED_STD, STAT_SPREAD);
                OnPath.closeRelative("deep 1k: grad:data " + i, weightTable[i][2], w.gradToData(), PRINTED_STD, STAT_SPREAD);
            }
            OnPath.close("deep 1k: train loss", LectureNumbers.DEEP_BN_1K.train(), Evaluator.splitLoss(model, data.train()), 0, LOSS_1K);
            OnPath.close("deep 1k: val loss", LectureNumbers.DEEP_BN_1K.val(), Evaluator.splitLoss(model, data.dev()), 0, LOSS_1K);

            Torch.seed(LectureRun.GENERATOR_SEED + 10);
            // the same 20 names on every x86-64 path measured
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
