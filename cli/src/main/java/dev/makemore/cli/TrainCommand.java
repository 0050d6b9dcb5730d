package dev.makemore.cli;

import dev.makemore.Hyperparameters;
import dev.makemore.Numerics;
import dev.makemore.runs.RunLog;
import dev.makemore.runs.RunRecord;
import dev.makemore.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
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
    "Ctrl-C stops at the next step and saves the checkpoint; --resume continues it."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", paramLabel = "NAME",
            description = "bigram, mlp, bn, hierarchical, wavenet or conv (taken from the checkpoint with --resume)")
    private String model;

    @Option(names = "--steps", paramLabel = "N", description = "total SGD steps (lecture: 200000; conv: 28000)")
    private Integer steps;

    @Option(names = "--batch-size", paramLabel = "N", description = "examples per step (conv: names per step); 32")
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

    @Option(names = "--resume", paramLabel = "FILE", description = "continue the run saved in this checkpoint")
    private Path resume;

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
