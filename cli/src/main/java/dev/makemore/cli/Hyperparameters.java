package dev.makemore.cli;

import dev.makemore.train.LearningRate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything that defines a training run, as stored in a checkpoint.
 *
 * @param model the model's command-line name
 * @param steps total SGD steps
 * @param batchSize examples (or, for conv, names) per step
 * @param lr learning rate before {@code decayStep}
 * @param lrFinal learning rate from {@code decayStep} on
 * @param decayStep the step at which the rate drops
 * @param seed {@code torch.manual_seed} before the weights are drawn
 * @param blockSize characters of context
 * @param nEmbd embedding width
 * @param nHidden hidden width
 */
public record Hyperparameters(String model, int steps, int batchSize, float lr, float lrFinal, int decayStep,
        long seed, int blockSize, int nEmbd, int nHidden) {

    /** The lectures' step decay for these settings. */
    public LearningRate schedule() {
        return LearningRate.step(lr, lrFinal, decayStep);
    }

    /** The settings as ordered text pairs (how a checkpoint stores them). */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("steps", Integer.toString(steps));
        m.put("batch_size", Integer.toString(batchSize));
        m.put("lr", Float.toString(lr));
        m.put("lr_final", Float.toString(lrFinal));
        m.put("decay_step", Integer.toString(decayStep));
        m.put("seed", Long.toString(seed));
        m.put("block_size", Integer.toString(blockSize));
        m.put("n_embd", Integer.toString(nEmbd));
        m.put("n_hidden", Integer.toString(nHidden));
        return m;
    }

    /**
     * Reads {@link #toMap()}'s pairs back.
     *
     * @throws IllegalArgumentException naming a missing or malformed entry
     */
    public static Hyperparameters fromMap(Map<String, String> m) {
        try {
            return new Hyperparameters(get(m, "model"), Integer.parseInt(get(m, "steps")),
                    Integer.parseInt(get(m, "batch_size")), Float.parseFloat(get(m, "lr")),
                    Float.parseFloat(get(m, "lr_final")), Integer.parseInt(get(m, "decay_step")),
                    Long.parseLong(get(m, "seed")), Integer.parseInt(get(m, "block_size")),
                    Integer.parseInt(get(m, "n_embd")), Integer.parseInt(get(m, "n_hidden")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed hyperparameter: " + e.getMessage(), e);
        }
    }

    private static String get(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("hyperparameter '" + key + "' is missing");
        }
        return v;
    }

    /** A copy with a different step count (for {@code --resume --steps N}). */
    public Hyperparameters withSteps(int newSteps) {
        return new Hyperparameters(model, newSteps, batchSize, lr, lrFinal, decayStep, seed, blockSize, nEmbd, nHidden);
    }
}
