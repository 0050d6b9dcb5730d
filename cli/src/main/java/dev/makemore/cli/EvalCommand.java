package dev.makemore.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bin/makemore eval}: the lecture's {@code split_loss} of a checkpoint on train, val and test. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false, description = "Prints a checkpoint's train/val/test losses.")
final class EvalCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "a checkpoint from train --out")
    private Path checkpoint;

    @Option(names = "--names", paramLabel = "FILE", description = "names file (default: $MAKEMORE_NAMES or data/names.txt)")
    private Path names;

    @Override
    public Integer call() {
        Checkpoint ckpt = Checkpoint.load(checkpoint);
        if (ckpt.isMakemore()) {
            MakemoreProgram.eval(ckpt, checkpoint, Session.namesFile(names), spec.commandLine().getOut());
            return 0;
        }
        try (Session session = Session.restore(ckpt, checkpoint, names, true)) {
            PrintWriter console = spec.commandLine().getOut();
            console.printf("%s after %,d steps%n", session.kind.cliName(), ckpt.step());
            session.printSplitLosses(console);
            console.flush();
        }
        return 0;
    }
}
