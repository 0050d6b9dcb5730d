import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.makemore.Torch;
import dev.makemore.data.Datasets;
import dev.makemore.data.Names;
import dev.makemore.nn.Sequential;
import dev.makemore.nn.Tanh;
import dev.makemore.sample.NameSampler;
import dev.makemore.train.Diagnostics;
import dev.makemore.train.Evaluator;
import dev.makemore.train.LectureRun;
import dev.makemore.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fingerprints of libtorch's numeric path, for comparing two machines (x86-64 and emulated ARM64).
 *
 * <pre>
 * java -cp LIB_CP:DIR NumericsProbe run OUT.txt [--long]            # one line per quantity: name, float bits
 * java -cp LIB_CP:DIR NumericsProbe compare A.txt B.txt [--check]  # how many values differ, by how much
 * </pre>
 *
 * Quantities: seeded draws (randn 3x3 and 64x64), elementwise tanh/exp/log/softmax of fixed inputs, a
 * 32x100 @ 100x100 matmul, and the first 20 training losses of part 3's deep BatchNorm net (LectureRun.DEEP_BN).
 * {@code --long} adds what LectureExactnessTest checks after that net's 1,001 steps: every step's loss, the
 * Tanh and weight-gradient statistics, the train/val losses and 20 sampled names (minutes under emulation).
 *
 * <p>{@code --check} makes the comparison a test (exit status 1): two paths must agree where every path
 * agrees and stay close elsewhere, with bounds far wider than the differences measured between x86-64 (MKL)
 * and ARM64 (OpenBLAS) but far narrower than a wrong library, seed or layer would give:
 * <ul>
 *   <li>the seeded 3x3 draw and the sampled names: identical;</li>
 *   <li>the 20 deep-net losses: 1e-6 relative (measured: at most 1 ulp, 7.5e-8);</li>
 *   <li>every other quantity: its largest difference at most 1e-5 of its largest magnitude (measured: 4e-7).</li>
 * </ul>
 */
public final class NumericsProbe {

    private NumericsProbe() {}

    public static void main(String[] args) throws IOException {
        if ((args.length == 2 || args.length == 3 && args[2].equals("--long")) && args[0].equals("run")) {
            run(Path.of(args[1]), args.length == 3);
        } else if ((args.length == 3 || args.length == 4 && args[3].equals("--check")) && args[0].equals("compare")) {
            System.exit(compare(Path.of(args[1]), Path.of(args[2]), args.length == 4));
        } else {
            System.err.println("usage: NumericsProbe run OUT.txt [--long] | compare A.txt B.txt [--check]");
            System.exit(2);
        }
    }

    // ---- run ----------------------------------------------------------------------------------------

    private static void run(Path out, boolean long1001) throws IOException {
        Map<String, float[]> q = new LinkedHashMap<>();
        List<String> samples = new ArrayList<>();
        try (NDManager m = Torch.newManager()) {
            Torch.seed(LectureRun.GENERATOR_SEED);
            q.put("randn-3x3", m.randomNormal(new Shape(3, 3)).toFloatArray());
            Torch.seed(LectureRun.GENERATOR_SEED);
            q.put("randn-64x64", m.randomNormal(new Shape(64, 64)).toFloatArray());

            float[] grid = new float[1001];
            for (int i = 0; i < grid.length; i++) {
                grid[i] = -5f + i * 0.01f;
            }
            NDArray x = m.create(grid);
            q.put("tanh", x.tanh().toFloatArray());
            q.put("exp", x.exp().toFloatArray());
            q.put("log", x.abs().add(1e-3f).log().toFloatArray());
            Torch.seed(7);
            q.put("softmax-32x27", m.randomNormal(new Shape(32, 27)).mul(3f).softmax(1).toFloatArray());
            Torch.seed(8);
            NDArray a = m.randomNormal(new Shape(32, 100));
            NDArray b = m.randomNormal(new Shape(100, 100));
            q.put("matmul-32x100x100", a.matMul(b).toFloatArray());

            Datasets data = Datasets.of(Names.loadDefault(), 3, m);
            Torch.seed(LectureRun.GENERATOR_SEED);
            Sequential model = (Sequential) LectureRun.DEEP_BN.model(data.vocab().size(), m);
            model.layers().stream().filter(layer -> layer instanceof Tanh).forEach(layer -> ((Tanh) layer).retainGrad(true));
            int steps = long1001 ? 1001 : 20;
            List<Float> losses = new ArrayList<>();
            List<Diagnostics.ActivationStats> tanh = new ArrayList<>();
            List<Diagnostics.WeightStats> weights = new ArrayList<>();
            new Trainer(model, data.train(), LectureRun.DEEP_BN.settings().batchSize(), LectureRun.DEEP_BN.learningRate())
                    .onStep(e -> losses.add(e.loss()))
                    .onStep(e -> {
                        if (e.step() == 1000) {
                            tanh.addAll(Diagnostics.tanhStats(model));
                            weights.addAll(Diagnostics.weightStats(model));
                        }
                    })
                    .train(steps);
            q.put("deep-bn-losses-20", floats(losses.subList(0, 20)));
            if (long1001) {
                q.put("deep-bn-1001-losses", floats(losses));
                q.put("deep-bn-1001-tanh-std", floats(tanh.stream().map(t -> (float) t.std()).toList()));
                q.put("deep-bn-1001-tanh-saturated-pct", floats(tanh.stream().map(t -> (float) t.saturatedPercent()).toList()));
                q.put("deep-bn-1001-tanh-grad-std", floats(tanh.stream().map(t -> (float) t.gradStd()).toList()));
                q.put("deep-bn-1001-weight-grad-mean", floats(weights.stream().map(w -> (float) w.gradMean()).toList()));
                q.put("deep-bn-1001-weight-grad-std", floats(weights.stream().map(w -> (float) w.gradStd()).toList()));
                q.put("deep-bn-1001-weight-grad-to-data", floats(weights.stream().map(w -> (float) w.gradToData()).toList()));
                q.put("deep-bn-1001-train-val-loss", new float[] {Evaluator.splitLoss(model, data.train()),
                    Evaluator.splitLoss(model, data.dev())});
                Torch.seed(LectureRun.GENERATOR_SEED + 10);
                samples.addAll(new NameSampler(model, data.vocab(), 3).sample(20, m));
            }
        }
        try (PrintStream p = new PrintStream(Files.newOutputStream(out), true, "UTF-8")) {
            p.println("# os.arch=" + System.getProperty("os.arch"));
            if (!samples.isEmpty()) {
                p.println("#samples " + String.join(" ", samples));
            }
            for (Map.Entry<String, float[]> e : q.entrySet()) {
                StringBuilder s = new StringBuilder(e.getKey());
                for (float v : e.getValue()) {
                    s.append(' ').append(Integer.toHexString(Float.floatToRawIntBits(v)));
                }
                p.println(s);
            }
        }
    }

    private static float[] floats(List<Float> values) {
        float[] f = new float[values.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = values.get(i);
        }
        return f;
    }

    // ---- compare ------------------------------------------------------------------------------------

    private static Map<String, float[]> read(List<String> lines) {
        Map<String, float[]> q = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.trim().split(" ");
            float[] v = new float[f.length - 1];
            for (int i = 1; i < f.length; i++) {
                v[i - 1] = Float.intBitsToFloat(Integer.parseUnsignedInt(f[i], 16));
            }
            q.put(f[0], v);
        }
        return q;
    }

    private static String samples(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("#samples ")).map(l -> l.substring(9)).findFirst().orElse(null);
    }

    /** Floats as integers in the order of their values, so that the difference counts ulps. */
    private static long ordered(float v) {
        int bits = Float.floatToRawIntBits(v);
        return bits < 0 ? (long) Integer.MIN_VALUE - bits : bits;
    }

    /** Prints the comparison; with {@code check}, exit status 1 when a bound of the class comment is broken. */
    private static int compare(Path fileA, Path fileB, boolean check) throws IOException {
        List<String> linesA = Files.readAllLines(fileA);
        List<String> linesB = Files.readAllLines(fileB);
        Map<String, float[]> a = read(linesA);
        Map<String, float[]> b = read(linesB);
        List<String> broken = new ArrayList<>();
        for (String name : a.keySet()) {
            float[] x = a.get(name);
            float[] y = b.get(name);
            if (y == null || y.length != x.length) {
                System.out.printf("%-34s missing or of another length in the second file%n", name);
                broken.add(name + ": missing");
                continue;
            }
            int differ = 0;
            int first = -1;
            long maxUlp = 0;
            double maxAbs = 0;
            double maxRel = 0;
            double magnitude = 0;
            for (int i = 0; i < x.length; i++) {
                magnitude = Math.max(magnitude, Math.abs(x[i]));
                if (Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(y[i])) {
                    differ++;
                    first = first < 0 ? i : first;
                    double d = Math.abs((double) x[i] - y[i]);
                    maxUlp = Math.max(maxUlp, Math.abs(ordered(x[i]) - ordered(y[i])));
                    maxAbs = Math.max(maxAbs, d);
                    maxRel = Math.max(maxRel, d / Math.max(Math.abs(x[i]), Float.MIN_NORMAL));
                }
            }
            double normalised = maxAbs / Math.max(magnitude, Float.MIN_NORMAL);
            System.out.printf(Locale.ROOT, "%-34s %5d of %5d differ; max %d ulp, max abs %.3g (%.2g of max |x|), max rel %.3g%s%n",
                    name, differ, x.length, maxUlp, maxAbs, normalised, maxRel,
                    first < 0 ? "" : "; first at index " + first);
            if (x.length <= 20) {
                for (int i = 0; i < x.length; i++) {
                    System.out.printf(Locale.ROOT, "    %2d  %.9g  %.9g  %s%n", i, x[i], y[i],
                            x[i] == y[i] ? "same" : String.format(Locale.ROOT, "%+.3g", (double) y[i] - x[i]));
                }
            }
            if (name.equals("randn-3x3") && differ > 0) {
                broken.add(name + ": not identical");
            } else if (name.equals("deep-bn-losses-20") && maxRel > 1e-6) {
                broken.add(name + ": relative difference " + maxRel + " > 1e-6");
            } else if (normalised > 1e-5) {
                broken.add(name + ": difference " + normalised + " of the largest magnitude > 1e-5");
            }
        }
        String sa = samples(linesA);
        String sb = samples(linesB);
        if (sa != null) {
            System.out.printf("%-34s %s%n    %s%n    %s%n", "deep-bn-1001-samples", sa.equals(sb) ? "identical" : "DIFFERENT", sa, sb);
            if (!sa.equals(sb)) {
                broken.add("deep-bn-1001-samples: different");
            }
        }
        if (check && !broken.isEmpty()) {
            System.out.println("CHECK FAILED: " + String.join("; ", broken));
            return 1;
        }
        return 0;
    }
}
