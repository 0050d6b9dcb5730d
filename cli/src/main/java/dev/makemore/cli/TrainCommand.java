package dev.makemore.cli;

import dev.makemore.Hyperparameters;
import dev.makemore.Numerics;
import dev.makemore.runs.RunLog;
import dev.makemore.runs.RunRecord;
import dev.makemore.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bin/makemore train}: trains a lecture model from the shell, with the lecture's defaults. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, description = {
    "Trains a lecture model with the lecture's settings (each one can be changed),",
    "shows a progress bar, prints the train/val/test losses and saves a checkpoint.",
    "Ctrl-C stops at the next step and saves the checkpoint; --resume FILE continues it.",
    "",
    "makemore.py's program: any of its model types on any file of words, e.g.",
    "  bin/makemore train --model transformer -i words.txt -o out/",
    "  (types bigram, mlp, rnn, gru, lstm, bow, transformer; -i, -o, --resume (a flag), --sample-only,",
    "  --n-layer, --n-head, --n-embd, --n-embd2, -b, -l, -w, --seed, --max-steps, --top-k, --temperature,",
    "  --encoding). It evaluates every 500 steps and at the last step, keeps the best model in",
    "  DIR/model.ckpt and prints samples grouped as in the training set, in the test set, or new.",
    "  Used whenever -i, -o, --sample-only, a makemore-only option or a type other than bigram/mlp is given."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", paramLabel = "NAME",
            description = "bigram, mlp, bn, hierarchical, wavenet or conv (taken from the checkpoint with --resume)")
    private String model;

    @Option(names = "--steps", paramLabel = "N", description = "total SGD steps (lecture: 200000; conv: 28000)")
    private Integer steps;

    @Option(names = {"-b", "--batch-size"}, paramLabel = "N", description = "examples per step (conv: names per step); 32")
    private Integer batchSize;

    @Option(names = "--lr", paramLabel = "RATE", description = "learning rate before the decay step; 0.1")
    private Float lr;

    @Option(names = "--lr-final", paramLabel = "RATE", description = "learning rate from the decay step on; 0.01")
    private Float lrFinal;

    @Option(names = "--decay-step", paramLabel = "N", description = "step at which the rate drops (100000 or 150000)")
    private Integer decayStep;

    @Option(names = "--seed", paramLabel = "N", description = "torch.manual_seed for the weights and batches "
            + "(2147483647 for parts 2-3, 42 for part 5)")
    private Long seed;

    @Option(names = "--block-size", paramLabel = "N", description = "characters of context (3; 8 for part 5)")
    private Integer blockSize;

    @Option(names = "--n-embd", paramLabel = "N", description = "embedding width (10; 24 for wavenet and conv)")
    private Integer nEmbd;

    @Option(names = "--n-hidden", paramLabel = "N", description = "hidden width (200 mlp, 100 bn, 68 hierarchical, 128)")
    private Integer nHidden;

    @Option(names = "--depth", paramLabel = "N", description = "hidden Linear/BatchNorm/Tanh blocks of bn (5); the tree "
            + "models take theirs from --block-size (8 -> 3 levels, 16 -> 4)")
    private Integer depth;

    @Option(names = "--out", paramLabel = "FILE", description = "checkpoint to write (default: MODEL.ckpt, or the --resume file)")
    private Path out;

    @Option(names = "--resume", paramLabel = "FILE", arity = "0..1", fallbackValue = "",
            description = "continue the run saved in this checkpoint (makemore mode: a flag, the model in -o DIR)")
    private String resumeOption;

    private Path resume;

    @Option(names = {"-i", "--input-file"}, paramLabel = "FILE", description = "makemore mode: the words, one per line "
            + "(default: the names file)")
    private Path input;

    @Option(names = {"-o", "--work-dir"}, paramLabel = "DIR", description = "makemore mode: where the best model is kept (default: out)")
    private Path workDir;

    @Option(names = "--sample-only", description = "makemore mode: print 50 samples of the model in -o DIR and stop")
    private boolean sampleOnly;

    @Option(names = "--n-layer", paramLabel = "N", description = "makemore mode: transformer blocks (4)")
    private Integer nLayer;

    @Option(names = "--n-head", paramLabel = "N", description = "makemore mode: attention heads (4)")
    private Integer nHead;

    @Option(names = "--n-embd2", paramLabel = "N", description = "makemore mode: hidden width (64)")
    private Integer nEmbd2;

    @Option(names = {"-l", "--learning-rate"}, paramLabel = "RATE", description = "makemore mode: AdamW's learning rate (5e-4)")
    private Double learningRate;

    @Option(names = {"-w", "--weight-decay"}, paramLabel = "W", description = "makemore mode: AdamW's weight decay (0.01)")
    private Double weightDecay;

    @Option(names = "--max-steps", paramLabel = "N", description = "makemore mode: steps to train (10000; --steps too)")
    private Integer maxSteps;

    @Option(names = "--top-k", paramLabel = "K", description = "makemore mode: sample from the K likeliest characters (-1: all)")
    private Integer topK;

    @Option(names = "--temperature", paramLabel = "T", description = "makemore mode: divide the logits by T when sampling (1.0)")
    private Double temperature;

    @Option(names = "--encoding", paramLabel = "NAME", description = "makemore mode: the word file's encoding (UTF-8)")
    private String encoding;

    @Option(names = "--max-word-length", paramLabel = "N", description = "makemore mode: the longest word accepted (64)")
    private Integer maxWordLength;

    @Option(names = "--eval-every", paramLabel = "N", description = "makemore mode: steps between evaluations (500)")
    private Integer evalEvery;

    @Option(names = "--names", paramLabel = "FILE", description = "names file (default: $MAKEMORE_NAMES or data/names.txt)")
    private Path names;

    @Option(names = "--fast", description = "FAST numerics: the same functions with fewer operations (fused batch_norm, "
            + "the hand-written MLP backward); faster, but the last digits differ from the lecture's (default: EXACT; "
            + "a resumed run keeps the numerics it started with)")
    private boolean fast;

    @Option(names = "--no-record", description = "do not keep this run in the run history (bin/makemore runs)")
    private boolean noRecord;

    @Override
    public Integer call() throws IOException {
        if (makemoreMode()) {
            return MakemoreProgram.run(makemoreOptions(), spec.commandLine().getOut());
        }
        if ("".equals(resumeOption)) {
            throw new UsageException("--resume needs the checkpoint FILE of a lecture model (or -o DIR for makemore mode)");
        }
        resume = resumeOption == null ? null : Path.of(resumeOption);
        Checkpoint start = resume == null ? null : Checkpoint.load(resume);
        ModelKind kind = start == null ? ModelKind.parse(requireModel()) : resumedKind(start);
        Hyperparameters h = ModelKind.validate(start == null ? fromOptions(kind) : resumedSettings(start));
        Path target = out != null ? out : resume != null ? resume : Path.of(kind.cliName() + ".ckpt");
        PrintWriter console = spec.commandLine().getOut();

        try (Session session = start == null ? Session.fresh(kind, h, names)
                : Session.restore(start, resume, names, true)) {
            int done = start == null ? 0 : start.step();
            if (done > h.steps()) {
                throw new UsageException("checkpoint " + resume + " is at step " + done + ", past --steps " + h.steps());
            }
            session.replayBatchDraws(done);
            Numerics numerics = h.numerics();
            console.printf("%s: %,d parameters, %,d steps (%s), batch %d, numerics %s%n", kind.cliName(),
                    session.model.parameterCount(), h.steps(), done == 0 ? "from scratch" : "resuming at " + done,
                    h.batchSize(), numerics.label());
            console.flush();
            Trainer trainer = session.trainer(done);
            boolean stopped;
            try (GracefulStop stop = new GracefulStop()) {
                try (ProgressListener progress = new ProgressListener(kind.cliName(), done, h.steps())) {
                    trainer.onStep(progress);
                    // Ctrl-C interrupts this thread; should anything on the way clear that flag, the request
                    // itself still stops the run at the next step boundary
                    trainer.onStep(e -> {
                        if (stop.requested()) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    trainer.train(h.steps() - done);
                    stop.trainingDone();
                }
                stopped = stop.requested() || trainer.wasInterrupted();
                session.checkpoint(h, done + trainer.step()).save(target);
                if (stopped) {
                    console.printf("stopped at step %d; checkpoint saved to %s (continue with --resume %s)%n",
                            done + trainer.step(), target, target);
                    console.flush();
                    return 0;
                }
            }
            float[] losses = session.printSplitLosses(console);
            console.printf("numerics: %s%n", numerics.label());
            console.printf("checkpoint saved to %s%n", target);
            if (!noRecord) {
                RunRecord r = RunLog.open("cli").record(h, trainer, losses[0], losses[1]);
                console.printf("run kept as %s (bin/makemore runs)%n", r.id());
            }
        }
        return 0;
    }

    /** Whether the options ask for makemore.py's program rather than a lecture model. */
    private boolean makemoreMode() {
        boolean zooType = model != null && !List.of("bigram", "mlp").contains(model)
                && java.util.Arrays.stream(dev.makemore.zoo.ZooType.values()).anyMatch(t -> t.label().equals(model));
        return zooType || input != null || workDir != null || sampleOnly || nLayer != null || nHead != null
                || nEmbd2 != null || learningRate != null || weightDecay != null || maxSteps != null || topK != null
                || temperature != null || encoding != null || maxWordLength != null || evalEvery != null;
    }

    private MakemoreProgram.Options makemoreOptions() {
        Map<String, Object> lectureOnly = new java.util.LinkedHashMap<>();
        lectureOnly.put("--lr (makemore mode: -l)", lr);
        lectureOnly.put("--lr-final", lrFinal);
        lectureOnly.put("--decay-step", decayStep);
        lectureOnly.put("--block-size (makemore: the longest word + 1)", blockSize);
        lectureOnly.put("--n-hidden (makemore mode: --n-embd2)", nHidden);
        lectureOnly.put("--depth", depth);
        lectureOnly.put("--out (makemore mode: -o DIR)", out);
        lectureOnly.put("--names (makemore mode: -i FILE)", names);
        lectureOnly.forEach((option, value) -> {
            if (value != null) {
                throw new UsageException(option.split(" ")[0] + " is a lecture-model option, not one of makemore mode's"
                        + (option.contains("(") ? " " + option.substring(option.indexOf('(')) : ""));
            }
        });
        if (fast) {
            throw new UsageException("--fast is for the lecture models; makemore mode has one numerics");
        }
        if (resumeOption != null && !resumeOption.isEmpty()) {
            throw new UsageException("in makemore mode --resume is a flag: the model is the one in -o DIR, not " + resumeOption);
        }
        dev.makemore.zoo.ZooType type;
        try {
            type = dev.makemore.zoo.ZooType.parse(model == null ? "transformer" : model);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--model " + model + " is a lecture model; makemore mode trains bigram, mlp, rnn, gru, "
                    + "lstm, bow or transformer", e);
        }
        var d = dev.makemore.words.MakemoreSettings.defaults(type);
        var s = d.nLayer(or(nLayer, d.nLayer())).nHead(or(nHead, d.nHead())).nEmbd(or(nEmbd, d.nEmbd()))
                .nEmbd2(or(nEmbd2, d.nEmbd2())).batchSize(or(batchSize, d.batchSize())).lr(or(learningRate, d.lr()))
                .weightDecay(or(weightDecay, d.weightDecay())).seed(or(seed, d.seed()))
                .maxSteps(or(maxSteps, or(steps, d.maxSteps()))).topK(or(topK, d.topK()))
                .temperature(or(temperature, d.temperature())).evalEvery(or(evalEvery, d.evalEvery()));
        java.nio.charset.Charset charset;
        try {
            charset = encoding == null ? java.nio.charset.StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(encoding);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--encoding: unknown encoding '" + encoding + "' (e.g. UTF-8, ISO-8859-1, windows-1252)", e);
        }
        return new MakemoreProgram.Options(Session.namesFile(input), charset, or(maxWordLength, dev.makemore.data.WordList.DEFAULT_MAX_WORD_LENGTH),
                workDir != null ? workDir : Path.of("out"), resumeOption != null, sampleOnly, s, !noRecord);
    }

    /** A settings message {@code "nEmbd: rule"} with the knob's command-line option: {@code "--n-embd: rule"}. */
    static String optionFor(String message) {
        Map<String, String> options = Map.ofEntries(Map.entry("nLayer", "--n-layer"), Map.entry("nHead", "--n-head"),
                Map.entry("nEmbd", "--n-embd"), Map.entry("nEmbd2", "--n-embd2"), Map.entry("batchSize", "-b"),
                Map.entry("lr", "-l"), Map.entry("weightDecay", "-w"), Map.entry("maxSteps", "--max-steps"),
                Map.entry("evalEvery", "--eval-every"), Map.entry("topK", "--top-k"), Map.entry("temperature", "--temperature"));
        int colon = message.indexOf(':');
        String knob = colon < 0 ? "" : message.substring(0, colon);
        return options.containsKey(knob) ? options.get(knob) + message.substring(colon) : message;
    }

    private String requireModel() {
        if (model == null) {
            throw new UsageException("--model is required (bigram, mlp, bn, hierarchical, wavenet or conv), or --resume FILE");
        }
        return model;
    }

    /** The lecture's settings of {@code kind}, each option changing one knob. */
    private Hyperparameters fromOptions(ModelKind kind) {
        Hyperparameters d = kind.defaults();
        return d.steps(or(steps, d.steps())).batchSize(or(batchSize, d.batchSize()))
                .lr(or(lr, d.lr()), or(lrFinal, d.lrFinal()), or(decayStep, d.decayStep()))
                .seed(or(seed, d.seed())).blockSize(or(blockSize, d.blockSize())).nEmbd(or(nEmbd, d.nEmbd()))
                .nHidden(or(nHidden, d.nHidden())).depth(or(depth, d.depth()))
                .numerics(fast ? Numerics.FAST : Numerics.EXACT);
    }

    private ModelKind resumedKind(Checkpoint ckpt) {
        ModelKind kind = ModelKind.of(ckpt.hyperparameters());
        if (model != null && ModelKind.parse(model) != kind) {
            throw new UsageException("checkpoint " + resume + " holds a " + kind.cliName() + " model, not --model " + model);
        }
        return kind;
    }

    /** A resumed run keeps its settings; only the step count may grow. */
    private Hyperparameters resumedSettings(Checkpoint ckpt) {
        Map<String, Object> fixed = new java.util.LinkedHashMap<>();
        fixed.put("--batch-size", batchSize);
        fixed.put("--lr", lr);
        fixed.put("--lr-final", lrFinal);
        fixed.put("--decay-step", decayStep);
        fixed.put("--seed", seed);
        fixed.put("--block-size", blockSize);
        fixed.put("--n-embd", nEmbd);
        fixed.put("--n-hidden", nHidden);
        fixed.put("--depth", depth);
        if (fast && ckpt.hyperparameters().numerics() != Numerics.FAST) {
            throw new UsageException("--fast cannot change when resuming: checkpoint " + resume + " was trained with "
                    + ckpt.hyperparameters().numerics().label() + " numerics and continues with them");
        }
        fixed.forEach((option, value) -> {
            if (value != null) {
                throw new UsageException(option + " cannot change when resuming: the run continues with the "
                        + "checkpoint's settings (only --steps may be given)");
            }
        });
        Hyperparameters h = ckpt.hyperparameters();
        return steps == null ? h : h.steps(steps);
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
