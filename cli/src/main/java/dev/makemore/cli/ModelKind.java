package dev.makemore.cli;

import dev.makemore.Architecture;
import dev.makemore.Hyperparameters;
import dev.makemore.train.LectureRun;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The models {@code bin/makemore train --model} knows: a command-line name for each of the lecture runs it
 * trains. Their settings are lib's one catalogue ({@link LectureRun}); every option changes one knob of that
 * {@link Hyperparameters} record.
 */
public enum ModelKind {

    /** Part 1's neural bigram on minibatches (the lecture trains it full-batch with lr 50). */
    BIGRAM(LectureRun.BIGRAM),
    /** Part 2's MLP: 11,897 parameters, plain randn init. */
    MLP(LectureRun.MLP),
    /** Part 3's deep BatchNorm MLP: 47,024 parameters. */
    BN(LectureRun.DEEP_BN),
    /** Part 5's 22K hierarchical model (BatchNorm bug fixed): 22,397 parameters. */
    HIERARCHICAL(LectureRun.HIERARCHICAL),
    /** Part 5's WaveNet: 76,579 parameters, val 1.9937 in the lecture. */
    WAVENET(LectureRun.WAVENET),
    /** The WaveNet as a dilated causal convolution over whole names (see {@link LectureRun#CONV}). */
    CONV(LectureRun.CONV);

    /** Each knob's command-line option, for messages. */
    static final Map<String, String> OPTIONS = Map.ofEntries(Map.entry("blockSize", "--block-size"),
            Map.entry("nEmbd", "--n-embd"), Map.entry("nHidden", "--n-hidden"), Map.entry("depth", "--depth"),
            Map.entry("batchSize", "--batch-size"), Map.entry("steps", "--steps"), Map.entry("lr", "--lr"),
            Map.entry("lrFinal", "--lr-final"), Map.entry("decayStep", "--decay-step"), Map.entry("seed", "--seed"),
            Map.entry("numerics", "--fast"));

    private final LectureRun lecture;

    ModelKind(LectureRun lecture) {
        this.lecture = lecture;
    }

    /** The lecture's settings for this model. */
    public Hyperparameters defaults() {
        return lecture.settings();
    }

    /** The catalogue entry. */
    public LectureRun lecture() {
        return lecture;
    }

    /** The name used on the command line. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the model reads whole names (the convolution) rather than context windows. */
    public boolean readsWholeNames() {
        return lecture.settings().model() == Architecture.CONV;
    }

    /**
     * Checks the combination of settings this model can be built with.
     *
     * @throws UsageException naming the option that does not fit, and the rule
     */
    public static Hyperparameters validate(Hyperparameters h) {
        try {
            return h.validate();
        } catch (Hyperparameters.InvalidKnob e) {
            throw new UsageException(OPTIONS.getOrDefault(e.knob(), e.knob()) + ": " + e.rule(), e);
        }
    }

    /** The model whose lecture run is {@code h.lecture()}. */
    public static ModelKind of(Hyperparameters h) {
        for (ModelKind kind : values()) {
            if (kind.lecture.id().equals(h.lecture())) {
                return kind;
            }
        }
        throw new UsageException("the CLI does not train the lecture run '" + h.lecture() + "'");
    }

    /**
     * The model called {@code name}.
     *
     * @throws UsageException listing the known models
     */
    public static ModelKind parse(String name) {
        for (ModelKind kind : values()) {
            if (kind.cliName().equals(name)) {
                return kind;
            }
        }
        throw new UsageException("unknown model '" + name + "' (choose one of "
                + String.join(", ", Arrays.stream(values()).map(ModelKind::cliName).toList())
                + ", or makemore.py's rnn, gru, lstm, bow, transformer)");
    }

    /**
     * Settings as a checkpoint stores them: lib's {@link Hyperparameters#toMap()}, or the snake_case keys of
     * checkpoints written before the record was shared (those trained EXACT, since the numerics were not saved).
     *
     * @throws IllegalArgumentException naming a missing or malformed entry
     */
    static Hyperparameters fromStored(Map<String, String> m) {
        if (m.containsKey("lecture")) {
            return Hyperparameters.fromMap(m);
        }
        String model = m.get("model");
        if (model == null) {
            throw new IllegalArgumentException("hyperparameter 'model' is missing");
        }
        Hyperparameters d = parse(model).defaults();
        try {
            return d.steps(Integer.parseInt(get(m, "steps"))).batchSize(Integer.parseInt(get(m, "batch_size")))
                    .lr(Float.parseFloat(get(m, "lr")), Float.parseFloat(get(m, "lr_final")),
                            Integer.parseInt(get(m, "decay_step")))
                    .seed(Long.parseLong(get(m, "seed"))).blockSize(Integer.parseInt(get(m, "block_size")))
                    .nEmbd(Integer.parseInt(get(m, "n_embd"))).nHidden(Integer.parseInt(get(m, "n_hidden")));
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
}
