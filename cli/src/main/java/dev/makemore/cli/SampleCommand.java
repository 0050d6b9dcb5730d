package dev.makemore.cli;

import ai.djl.ndarray.NDManager;
import dev.makemore.Torch;
import dev.makemore.sample.NameSampler;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bin/makemore sample}: names from a trained checkpoint. */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false, description = "Prints names sampled from a checkpoint's model.")
final class SampleCommand implements Callable<Integer> {

    /** The lectures sample with the init seed + 10. */
    static final long LECTURE_SAMPLE_SEED = 2147483647L + 10;

    @Spec
    private CommandSpec spec;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "a checkpoint from train --out")
    private Path checkpoint;

    @Option(names = "--n", paramLabel = "N", defaultValue = "20", description = "how many names (default: ${DEFAULT-VALUE})")
    private int n;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + LECTURE_SAMPLE_SEED,
            description = "torch.manual_seed before sampling (default: ${DEFAULT-VALUE}, the lectures' 2147483647 + 10)")
    private long seed;

    @Override
    public Integer call() {
        if (n < 1) {
            throw new UsageException("--n must be at least 1, got " + n);
        }
        Checkpoint ckpt = Checkpoint.load(checkpoint);
        if (ckpt.isMakemore()) {
            MakemoreProgram.sample(ckpt, checkpoint, n, seed, spec.commandLine().getOut());
            return 0;
        }
        try (Session session = Session.restore(ckpt, checkpoint, null, false);
                NDManager manager = Torch.newManager()) {
            NameSampler sampler = new NameSampler(session.windowModel(), session.vocab,
                    session.hyperparameters.blockSize());
            Torch.seed(seed);
            PrintWriter console = spec.commandLine().getOut();
            for (String name : sampler.sample(n, manager)) {
                console.println(name.endsWith(".") ? name.substring(0, name.length() - 1) : name);
            }
            console.flush();
        }
        return 0;
    }
}
