package dev.makemore.words;

import dev.makemore.zoo.ZooType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that defines a run of makemore.py's program (the series' next step: any model type on any word
 * list), with makemore.py's defaults; one method per knob, each returning a changed copy, and {@link #validate()}
 * naming the knob and the rule of the first value that cannot work. The notebook, the CLI and the benchmark build
 * their runs from it; {@link #toMap()} is what the run history and a checkpoint keep.
 *
 * @param type the model: bigram, mlp, rnn, gru, lstm, bow or transformer
 * @param nLayer transformer blocks
 * @param nHead attention heads
 * @param nEmbd embedding width
 * @param nEmbd2 hidden width (MLP, recurrent state, bag of words)
 * @param batchSize words per step
 * @param lr AdamW's learning rate
 * @param weightDecay AdamW's decoupled weight decay
 * @param seed {@code torch.manual_seed}: the split, the initial weights and the batch sampler's seed
 * @param maxSteps steps to train
 * @param evalEvery steps between two evaluations (and at the last step)
 * @param topK sampling keeps the {@code topK} most likely characters; -1: all of them
 * @param temperature sampling divides the logits by it
 */
public record MakemoreSettings(ZooType type, int nLayer, int nHead, int nEmbd, int nEmbd2, int batchSize, double lr,
        double weightDecay, long seed, int maxSteps, int evalEvery, int topK, double temperature) {

    /** makemore.py's defaults for {@code type}: 4 layers, 4 heads, widths 64 and 64, batch 32, lr 5e-4, wd 0.01, seed 3407. */
    public static MakemoreSettings defaults(ZooType type) {
        return new MakemoreSettings(type, 4, 4, 64, 64, 32, 5e-4, 0.01, 3407, 10_000, 500, -1, 1.0);
    }

    public MakemoreSettings {
        Objects.requireNonNull(type, "type");
    }

    public MakemoreSettings type(ZooType v) {
        return new MakemoreSettings(v, nLayer, nHead, nEmbd, nEmbd2, batchSize, lr, weightDecay, seed, maxSteps, evalEvery, topK, temperature);
    }

    public MakemoreSettings nLayer(int v) {
        return new MakemoreSettings(type, v, nHead, nEmbd, nEmbd2, batchSize, lr, weightDecay, seed, maxSteps, evalEvery, topK, temperature);
    }

    public MakemoreSettings nHead(int v) {
        return new MakemoreSettings(type, nLayer, v, nEmbd, nEmbd2, batchSize, lr, weightDecay, seed, maxSteps, evalEvery, topK, temperature);
    }

    public MakemoreSettings nEmbd(int v) {
        return new MakemoreSettings(type, nLayer, nHead, v, nEmbd2, batchSize, lr, weightDecay, seed, maxSteps, evalEvery, topK, temperature);
    }

    public MakemoreSettings nEmbd2(int v) {
        return new MakemoreSettings(type, nLayer, nHead, nEmbd, v, batchSize, lr, weightDecay, seed, maxSteps, evalEvery, topK, temperature);
    }

    public MakemoreSettings batchSize(int v) {
        return new MakemoreSettings(type, nLayer, nHead, nEmbd, nEmbd2, v, lr, weightDecay, seed, maxSteps, evalEvery, topK, temperature);
    }

    public MakemoreSettings lr(double v) {
        return new MakemoreSettings(type, nLayer, nHead, nEmbd, nEmbd2, batchSize, v, weightDecay, seed, maxSteps, evalEvery, topK, temperature);
    }

    public MakemoreSettings weightDecay(double v) {
        return new MakemoreSettings(type, nLayer, nHead, nEmbd, nEmbd2, batchSize, lr, v, seed, maxSteps, evalEvery, topK, temperature);
    }

    public MakemoreSettings seed(long v) {
        return new MakemoreSettings(type, nLayer, nHead, nEmbd, nEmbd2, batchSize, lr, weightDecay, v, maxSteps, evalEvery, topK, temperature);
    }

    public MakemoreSettings maxSteps(int v) {
        return new MakemoreSettings(type, nLayer, nHead, nEmbd, nEmbd2, batchSize, lr, weightDecay, seed, v, evalEvery, topK, temperature);
    }

    public MakemoreSettings evalEvery(int v) {
        return new MakemoreSettings(type, nLayer, nHead, nEmbd, nEmbd2, batchSize, lr, weightDecay, seed, maxSteps, v, topK, temperature);
    }

    public MakemoreSettings topK(int v) {
        return new MakemoreSettings(type, nLayer, nHead, nEmbd, nEmbd2, batchSize, lr, weightDecay, seed, maxSteps, evalEvery, v, temperature);
    }

    public MakemoreSettings temperature(double v) {
        return new MakemoreSettings(type, nLayer, nHead, nEmbd, nEmbd2, batchSize, lr, weightDecay, seed, maxSteps, evalEvery, topK, v);
    }

    /**
     * Checks every knob.
     *
     * @throws IllegalArgumentException {@code "knob: rule, got value"}
     */
    public MakemoreSettings validate() {
        atLeast("nLayer", nLayer, 1);
        atLeast("nHead", nHead, 1);
        atLeast("nEmbd", nEmbd, 1);
        atLeast("nEmbd2", nEmbd2, 1);
        atLeast("batchSize", batchSize, 1);
        atLeast("maxSteps", maxSteps, 1);
        atLeast("evalEvery", evalEvery, 1);
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("lr: must be a positive number, got " + lr);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay: must be 0 or more, got " + weightDecay);
        }
        if (topK == 0 || topK < -1) {
            throw new IllegalArgumentException("topK: must be -1 (all characters) or at least 1, got " + topK);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature: must be a positive number, got " + temperature);
        }
        if (type == ZooType.TRANSFORMER && nEmbd % nHead != 0) {
            throw new IllegalArgumentException("nEmbd: must be a multiple of nHead for the transformer, got nEmbd " + nEmbd
                    + " and nHead " + nHead);
        }
        long widest = (long) Math.max(nEmbd, nEmbd2) * Math.max(nEmbd, nEmbd2) * 4;
        if (widest > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("nEmbd: " + Math.max(nEmbd, nEmbd2) + " makes a weight matrix larger than a Java array");
        }
        return this;
    }

    private static void atLeast(String knob, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(knob + ": must be at least " + min + ", got " + value);
        }
    }

    /** The knobs as text, in declaration order. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("type", type.label());
        m.put("nLayer", Integer.toString(nLayer));
        m.put("nHead", Integer.toString(nHead));
        m.put("nEmbd", Integer.toString(nEmbd));
        m.put("nEmbd2", Integer.toString(nEmbd2));
        m.put("batchSize", Integer.toString(batchSize));
        m.put("lr", Double.toString(lr));
        m.put("weightDecay", Double.toString(weightDecay));
        m.put("seed", Long.toString(seed));
        m.put("maxSteps", Integer.toString(maxSteps));
        m.put("evalEvery", Integer.toString(evalEvery));
        m.put("topK", Integer.toString(topK));
        m.put("temperature", Double.toString(temperature));
        return m;
    }

    /**
     * Reads {@link #toMap()} back; a missing entry takes makemore.py's default.
     *
     * @throws IllegalArgumentException naming a malformed entry
     */
    public static MakemoreSettings fromMap(Map<String, String> m) {
        MakemoreSettings d = defaults(ZooType.parse(m.getOrDefault("type", "transformer")));
        try {
            return new MakemoreSettings(d.type, i(m, "nLayer", d.nLayer), i(m, "nHead", d.nHead), i(m, "nEmbd", d.nEmbd),
                    i(m, "nEmbd2", d.nEmbd2), i(m, "batchSize", d.batchSize),
                    Double.parseDouble(m.getOrDefault("lr", Double.toString(d.lr))),
                    Double.parseDouble(m.getOrDefault("weightDecay", Double.toString(d.weightDecay))),
                    Long.parseLong(m.getOrDefault("seed", Long.toString(d.seed))), i(m, "maxSteps", d.maxSteps),
                    i(m, "evalEvery", d.evalEvery), i(m, "topK", d.topK),
                    Double.parseDouble(m.getOrDefault("temperature", Double.toString(d.temperature))));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed makemore setting: " + e.getMessage(), e);
        }
    }

    private static int i(Map<String, String> m, String key, int fallback) {
        String v = m.get(key);
        return v == null ? fallback : Integer.parseInt(v);
    }

    /** The knobs that differ from makemore.py's defaults for the same type, e.g. {@code "nEmbd 64 → 32"}. */
    public List<String> changes() {
        Map<String, String> was = defaults(type).toMap();
        List<String> out = new ArrayList<>();
        toMap().forEach((k, v) -> {
            if (!v.equals(was.get(k))) {
                out.add(k + " " + was.get(k) + " → " + v);
            }
        });
        return out;
    }
}
