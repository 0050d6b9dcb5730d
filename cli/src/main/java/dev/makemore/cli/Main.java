package dev.makemore.cli;

import dev.makemore.bench.BenchCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * {@code bin/makemore train|sample|eval|bench}: the command-line trainer, sampler and benchmark.
 *
 * <p>Exit status: 0 on success, 2 for anything the user can fix (a bad option, an unknown model, a missing
 * or corrupt file), printed as one line on stderr without a stack trace, and 1 for an internal error
 * (stack trace only with {@code MAKEMORE_DEBUG=1}).
 */
@Command(name = "makemore", mixinStandardHelpOptions = true, version = "makemore-java 0.1",
        description = "Trains, samples and evaluates the makemore lecture models, and benchmarks them against PyTorch.",
        subcommands = {TrainCommand.class, SweepCommand.class, SampleCommand.class, EvalCommand.class, RunsCommand.class, BenchCommand.class})
public final class Main implements Runnable {

    /** Exit status for errors the user can fix. */
    public static final int USAGE = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is needed: train, sweep, sample, eval, runs or bench");
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        int status = run(args);
        System.out.flush();
        System.exit(status);
    }

    /** Runs the command line and returns its exit status (for tests; does not exit). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured picocli command line: one-line errors, exit code 2. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler(parameterErrors());
        cl.setExecutionExceptionHandler(executionErrors());
        cl.setExitCodeExceptionMapper(e -> e instanceof UsageException ? USAGE : 1);
        return cl;
    }

    private static IParameterExceptionHandler parameterErrors() {
        return (ParameterException e, String[] args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            String command = e.getCommandLine().getCommandSpec().qualifiedName(" ");
            err.println(command + ": " + e.getMessage() + " (see: bin/" + command + " --help)");
            err.flush();
            return USAGE;
        };
    }

    private static IExecutionExceptionHandler executionErrors() {
        return (Exception e, CommandLine cl, CommandLine.ParseResult parsed) -> {
            PrintWriter err = cl.getErr();
            String command = cl.getCommandSpec().qualifiedName(" ");
            if (e instanceof UsageException) {
                err.println(command + ": " + e.getMessage());
                err.flush();
                return USAGE;
            }
            err.println(command + ": internal error: " + e + " (run with MAKEMORE_DEBUG=1 for the stack trace)");
            if (System.getenv("MAKEMORE_DEBUG") != null) {
                e.printStackTrace(err);
            }
            err.flush();
            return 1;
        };
    }
}
