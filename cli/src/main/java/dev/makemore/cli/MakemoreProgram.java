package dev.makemore.cli;

import ai.djl.ndarray.NDManager;
import dev.makemore.Torch;
import dev.makemore.data.WordList;
import dev.makemore.runs.RunLog;
import dev.makemore.runs.RunRecord;
import dev.makemore.train.StepEvent;
import dev.makemore.words.MakemoreRun;
import dev.makemore.words.MakemoreSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bin/makemore train} in makemore.py's mode: any model type on any word list, its flags and its work
 * directory ({@code -o DIR} holds the best model as {@code model.ckpt}), its evaluation every 500 steps and its
 * samples, plus an evaluation at the last step, a temperature and an encoding.
 *
 * <p>As makemore.py, {@code --resume} and {@code --sample-only} load the model from the work directory;
 * {@code --resume} then trains it again from step 0 with a fresh optimiser.
 */
final class MakemoreProgram {

    /** The model file in the work directory. */
    static final String MODEL_FILE = "model.ckpt";

    /** Samples makemore.py prints while training (every 200 steps) and after {@code --sample-only}. */
    static final int SAMPLE_EVERY = 200;

    /** What the command line asked for. */
    record Options(Path input, Charset encoding, int maxWordLength, Path workDir, boolean resume, boolean sampleOnly,
            MakemoreSettings settings, boolean record) {}

    private MakemoreProgram() {}

    static int run(Options o, PrintWriter out) throws IOException {
        try {
            o.settings().validate(); // before anything is read: a bad flag is one line at once
        } catch (IllegalArgumentException e) {
            throw new UsageException(TrainCommand.optionFor(e.getMessage()), e);
        }
        WordList words;
        try {
            words = WordList.load(o.input(), o.encoding(), o.maxWordLength(), WordList.DEFAULT_MAX_VOCABULARY);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        Path model = o.workDir().resolve(MODEL_FILE);
        MakemoreSettings settings = o.settings();
        Checkpoint start = null;
        if (o.resume() || o.sampleOnly()) {
            if (!Files.exists(model)) {
                throw new UsageException("no model to " + (o.sampleOnly() ? "sample from" : "resume") + " in " + o.workDir()
                        + " (train one there first, without --resume)");
            }
            start = Checkpoint.load(model);
            if (!start.isMakemore()) {
                throw new UsageException(model + " holds a lecture model; resume it with --resume FILE and no -o");
            }
            MakemoreSettings saved = MakemoreSettings.fromMap(start.settings());
            settings = saved.maxSteps(o.settings().maxSteps()).topK(o.settings().topK()).temperature(o.settings().temperature())
                    .seed(o.settings().seed());
            if (!start.vocabulary().equals(words.chars())
                    || !String.valueOf(words.maxLength()).equals(start.settings().get("maxLength"))) {
                throw new UsageException(model + " was trained on another vocabulary or word length than " + o.input());
            }
        }
        try {
            settings.validate();
        } catch (IllegalArgumentException e) {
            throw new UsageException(TrainCommand.optionFor(e.getMessage()), e);
        }
        try (NDManager manager = Torch.newManager()) {
            MakemoreRun run;
            try {
                run = new MakemoreRun(words, settings, manager);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage(), e);
            }
            if (start != null) {
                ModelState.restore(run.model(), start, model);
            }
            out.printf(Locale.ROOT, "%s on %s: %,d words (%,d train, %,d test), vocabulary %d, block %d, %,d parameters%n",
                    settings.type().label(), o.input(), words.words().size(), run.train().size(), run.test().size(),
                    words.vocabSize(), run.train().width(), run.model().parameterCount());
            out.flush();
            if (o.sampleOnly()) {
                printSamples(out, run.sample(50), "samples");
                return 0;
            }
            return train(o, run, words, model, out);
        }
    }

    private static int train(Options o, MakemoreRun run, WordList words, Path model, PrintWriter out) throws IOException {
        MakemoreSettings s = run.settings();
        float best = Float.NaN;
        float lastTrain = Float.NaN;
        float lastTest = Float.NaN;
        boolean stopped = false;
        try (GracefulStop stop = new GracefulStop();
                ProgressListener progress = new ProgressListener(s.type().label(), 0, s.maxSteps())) {
            for (int i = 0; i < s.maxSteps(); i++) {
                if (Thread.currentThread().isInterrupted() || stop.requested()) {
                    stopped = true;
                    break;
                }
                float loss = run.step();
                if (!Float.isFinite(loss)) {
                    throw new UsageException("the loss became " + loss + " at step " + i + " (lower -l, the learning rate)");
                }
                progress.onStep(new StepEvent(i, s.maxSteps(), loss, (float) s.lr(), run.model()));
                boolean last = i == s.maxSteps() - 1;
                if ((i > 0 && i % s.evalEvery() == 0) || last) {
                    lastTrain = run.evaluate(run.train());
                    lastTest = run.evaluate(run.test());
                    boolean better = Float.isNaN(best) || lastTest < best;
                    out.printf(Locale.ROOT, "step %d train loss %.4f test loss %.4f%s%n", i, lastTrain, lastTest,
                            better ? " (best so far: saved " + model + ")" : "");
                    out.flush();
                    if (better) {
                        best = lastTest;
                        checkpoint(run, words, i + 1).save(model);
                    }
                }
                if (i > 0 && i % SAMPLE_EVERY == 0 && !last) {
                    // makemore.py samples here; drawing them keeps its later evaluation shuffles
                    MakemoreRun.Samples samp = run.sample(10);
                    out.printf("samples at step %d: %s%n", i, oneLine(samp));
                    out.flush();
                }
            }
            stop.trainingDone();
        }
        Thread.interrupted();
        if (stopped) {
            out.printf("stopped at step %d; the best model so far is in %s%n", run.steps(), model);
        }
        printSamples(out, run.sample(20), "20 samples");
        out.printf(Locale.ROOT, "%,d steps in %.1f s (%.0f steps/s); best test loss %.4f in %s%n", run.steps(),
                run.trainingTime().toMillis() / 1000.0, run.steps() / Math.max(1e-9, run.trainingTime().toNanos() / 1e9),
                best, model);
        if (o.record()) {
            Map<String, String> settings = new LinkedHashMap<>(s.toMap());
            settings.put("input", o.input().toString());
            RunRecord r = RunLog.open("cli").record("makemore-" + s.type().label(), settings, s.changes(), "exact",
                    run.history(), run.steps(), run.model().parameterCount(), lastTrain, lastTest, run.trainingTime(), stopped);
            out.printf("run kept as %s (bin/makemore runs)%n", r.id());
        }
        out.flush();
        return 0;
    }

    private static Checkpoint checkpoint(MakemoreRun run, WordList words, int step) {
        Map<String, String> settings = new LinkedHashMap<>(run.settings().toMap());
        settings.put(Checkpoint.PROGRAM, "makemore");
        settings.put("maxLength", Integer.toString(words.maxLength()));
        return new Checkpoint(settings, words.chars(), step, ModelState.parameters(run.model()), ModelState.buffers(run.model()));
    }

    private static String oneLine(MakemoreRun.Samples s) {
        return "new: " + String.join(" ", s.fresh()) + " | in train: " + String.join(" ", s.inTrain()) + " | in test: "
                + String.join(" ", s.inTest());
    }

    /** The samples as makemore.py groups them: in the training set, in the test set, new. */
    static void printSamples(PrintWriter out, MakemoreRun.Samples s, String title) {
        out.println("-".repeat(80));
        for (var group : List.of(Map.entry("in train", s.inTrain()), Map.entry("in test", s.inTest()), Map.entry("new", s.fresh()))) {
            out.printf("%d %s that are %s:%n", group.getValue().size(), title, group.getKey());
            group.getValue().forEach(out::println);
        }
        out.println("-".repeat(80));
        out.flush();
    }

    /** The model of a makemore checkpoint, with the word list its characters make (no words). */
    private static dev.makemore.zoo.SequenceModel model(Checkpoint ckpt, Path file, NDManager manager) {
        MakemoreSettings s = MakemoreSettings.fromMap(ckpt.settings());
        int maxLength = Integer.parseInt(ckpt.settings().getOrDefault("maxLength", "0"));
        var config = new dev.makemore.zoo.ZooConfig(s.type(), ckpt.vocabulary().size() + 1, maxLength + 1, s.nLayer(),
                s.nHead(), s.nEmbd(), s.nEmbd2());
        var model = dev.makemore.zoo.ZooModels.build(config, manager);
        ModelState.restore(model, ckpt, file);
        return model;
    }

    /** {@code bin/makemore sample} on a makemore checkpoint: {@code n} words after {@code torch.manual_seed(seed)}. */
    static void sample(Checkpoint ckpt, Path file, int n, long seed, PrintWriter out) {
        MakemoreSettings s = MakemoreSettings.fromMap(ckpt.settings());
        int maxLength = Integer.parseInt(ckpt.settings().getOrDefault("maxLength", "0"));
        WordList vocab = new WordList(file, List.of(), ckpt.vocabulary(), maxLength);
        try (NDManager manager = Torch.newManager()) {
            var model = model(ckpt, file, manager);
            Torch.seed(seed);
            MakemoreRun.generate(model, vocab, n, s.topK(), s.temperature(), manager).forEach(out::println);
        }
        out.flush();
    }

    /** {@code bin/makemore eval} on a makemore checkpoint: the loss over every word of its train and test split. */
    static void eval(Checkpoint ckpt, Path file, Path wordsFile, PrintWriter out) {
        MakemoreSettings s = MakemoreSettings.fromMap(ckpt.settings());
        WordList words;
        try {
            words = WordList.load(wordsFile);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        if (!words.chars().equals(ckpt.vocabulary())) {
            throw new UsageException(file + " was trained on another vocabulary than " + wordsFile);
        }
        try (NDManager manager = Torch.newManager()) {
            MakemoreRun run = new MakemoreRun(words, s, manager); // the same split, from the same seed
            ModelState.restore(run.model(), ckpt, file);
            out.printf(Locale.ROOT, "%s after %,d steps%n", s.type().label(), ckpt.step());
            out.printf(Locale.ROOT, "train loss %.6f%n", run.loss(run.train()));
            out.printf(Locale.ROOT, "test  loss %.6f%n", run.loss(run.test()));
        }
        out.flush();
    }
}
