package dev.makemore.bench;

import com.google.gson.Gson;
import com.google.gson.JsonSyntaxException;
import dev.makemore.cli.ModelKind;
import dev.makemore.cli.UsageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/makemore bench}: the Java training loops and PyTorch side by side on the same models, seeds and
 * batches (batch 32, one intra-op thread each). Every (side, variant, model) runs in a fresh process, so
 * warm-up and peak memory are its own; the timed repeats of one model's processes run in rounds, one process
 * at a time, so that the shared machine's slow and fast spells hit every loop alike. The steps/s reported is
 * the median of a loop's repeats.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false, description = {
    "Benchmarks the Java training loops against PyTorch (bench/torch_bench.py).",
    "A benchmark, not a test: run it on a quiet machine (the load is printed)."})
public final class BenchCommand implements Callable<Integer> {

    private static final Path TCMALLOC = Path.of("/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4");

    @Spec
    private CommandSpec spec;

    @Option(names = "--models", split = ",", paramLabel = "M,...", defaultValue = "mlp,bn,wavenet,conv",
            description = "models to run (default: ${DEFAULT-VALUE})")
    private List<String> models;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "5000", description = "untimed steps first (${DEFAULT-VALUE})")
    private int warmup;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "3000", description = "steps per timed repeat (${DEFAULT-VALUE})")
    private int steps;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "3", description = "timed repeats (${DEFAULT-VALUE})")
    private int repeats;

    @Option(names = "--smoke", description = "a quick check that everything runs: 100 + 200 steps, one repeat, "
            + "evaluation on the val split")
    private boolean smoke;

    @Option(names = "--java-variants", split = ",", paramLabel = "V,...", defaultValue = "exact,fast",
            description = "Java loops, both the lib's Trainer (the notebooks' and the CLI's loop): exact (the lecture's "
                    + "operations, its digits) and fast (fused batch_norm, hand-written MLP backward: faster, last "
                    + "digits differ) (default: ${DEFAULT-VALUE})")
    private List<String> javaVariants;

    @Option(names = "--torch-styles", split = ",", paramLabel = "S,...", defaultValue = "lecture,opmin",
            description = "PyTorch scripts: lecture, opmin (default: ${DEFAULT-VALUE})")
    private List<String> torchStyles;

    @Option(names = "--sweep-runs", paramLabel = "N", description = "runs side by side, one per core, in one JVM and in "
            + "one Python process on N threads, against one run (default: this machine's cores, ${DEFAULT-VALUE}; 0: skip)")
    private int sweepRuns = Runtime.getRuntime().availableProcessors();

    @Option(names = "--sweep-variants", split = ",", paramLabel = "V,...", defaultValue = "fast,exact",
            description = "Java numerics measured side by side (default: ${DEFAULT-VALUE}; --smoke: fast)")
    private List<String> sweepVariants;

    @Option(names = "--python", paramLabel = "EXE", defaultValue = "/usr/bin/python3",
            description = "the Python that has torch (default: ${DEFAULT-VALUE})")
    private String python;

    @Option(names = "--no-torch", description = "run the Java side only")
    private boolean noTorch;

    @Option(names = "--tcmalloc", description = "preload tcmalloc (Debian: libtcmalloc-minimal4) into the Java child "
            + "processes, an experiment: the notebooks and the CLI run with glibc's malloc, as the bench does by default")
    private boolean tcmalloc;

    @Option(names = "--java-preload", paramLabel = "LIB", description = "a shared library to preload into the Java "
            + "child processes as well (LD_PRELOAD), for experiments; see bench/README.md")
    private Path javaPreload;

    @Override
    public Integer call() throws IOException, InterruptedException {
        String evalSplit = smoke ? "val" : "train";
        if (smoke) {
            warmup = 100;
            steps = 200;
            repeats = 1;
            if (!spec.commandLine().getParseResult().hasMatchedOption("--sweep-variants")) {
                sweepVariants = List.of("fast");
            }
        }
        if (warmup < 1 || steps < 1 || repeats < 1) {
            throw new UsageException("--warmup, --steps and --repeats must be at least 1");
        }
        List<ModelKind> kinds = new ArrayList<>();
        for (String m : models) {
            ModelKind kind = ModelKind.parse(m);
            if (kind == ModelKind.BIGRAM || kind == ModelKind.HIERARCHICAL) {
                throw new UsageException("bench runs mlp, bn, wavenet and conv, not " + m);
            }
            kinds.add(kind);
        }
        for (String v : javaVariants) {
            if (!JavaSide.VARIANTS.contains(v)) {
                throw new UsageException("unknown --java-variants entry '" + v + "' (" + String.join(", ", JavaSide.VARIANTS) + ")");
            }
        }
        for (String v : sweepVariants) {
            if (!JavaSide.VARIANTS.contains(v)) {
                throw new UsageException("unknown --sweep-variants entry '" + v + "' (" + String.join(", ", JavaSide.VARIANTS) + ")");
            }
        }
        if (sweepRuns < 0) {
            throw new UsageException("--sweep-runs must be at least 0");
        }
        if (javaPreload != null && !Files.isReadable(javaPreload)) {
            throw new UsageException("--java-preload: cannot read " + javaPreload);
        }
        PrintWriter out = spec.commandLine().getOut();
        Path script = benchDir().resolve("torch_bench.py");
        String torchProblem = noTorch ? "--no-torch given" : torchProblem(script);
        List<String> preload = new ArrayList<>();
        if (tcmalloc) {
            if (!Files.isReadable(TCMALLOC)) {
                throw new UsageException("--tcmalloc: " + TCMALLOC + " not found (Debian: apt-get install libtcmalloc-minimal4)");
            }
            preload.add(TCMALLOC.toString());
        }
        if (javaPreload != null) {
            preload.add(javaPreload.toAbsolutePath().toString());
        }
        Map<String, String> javaEnv = preload.isEmpty() ? Map.of() : Map.of("LD_PRELOAD", String.join(":", preload));
        out.printf("makemore bench: batch 32, 1 intra-op thread, %d x %d timed steps after %d warm-up, lr 0.1%n",
                repeats, steps, warmup);
        out.printf("machine: %d cores, %s, load average %s; Java %s%s%n", Runtime.getRuntime().availableProcessors(),
                cpuModel(), loadAverage(), Runtime.version(),
                preload.isEmpty() ? "" : "; preloaded into the Java processes: " + String.join(", ", preload));
        out.println(torchProblem == null ? "PyTorch: " + script : "PyTorch: not run (" + torchProblem + "); Java alone");
        if (sweepRuns > 0) {
            out.printf("side by side: %d runs at once (one JVM, one thread each; PyTorch: %d threads in one process) "
                    + "against one run in the same process%n", sweepRuns, sweepRuns);
        }
        out.flush();

        BenchReport report = new BenchReport(out);
        for (ModelKind kind : kinds) {
            Steps plan = Steps.of(kind, warmup, steps, repeats);
            List<Child> children = new ArrayList<>();
            try {
                // every loop warms up in its own process, one at a time; the others wait idle
                if (torchProblem == null) {
                    for (String style : torchStyles) {
                        children.add(new Child(torchCommand(script, kind, style, plan, evalSplit), Map.of()));
                    }
                }
                for (String variant : javaVariants) {
                    children.add(new Child(javaCommand(kind, variant, plan, evalSplit), javaEnv));
                }
                // the side-by-side measurements: N runs at once against one, each in a process of its own
                if (sweepRuns > 0) {
                    if (torchProblem == null) {
                        for (String style : torchStyles) {
                            List<String> cmd = new ArrayList<>(torchCommand(script, kind, style, plan, evalSplit));
                            cmd.addAll(List.of("--runs", Integer.toString(sweepRuns), "--mode", "threads"));
                            children.add(new Child(cmd, Map.of()));
                        }
                    }
                    for (String variant : sweepVariants) {
                        children.add(new Child(sweepCommand(kind, variant, plan), javaEnv));
                    }
                }
                // timed repeats in rounds, one loop at a time: a slow spell of the machine hits every loop alike
                for (int r = 0; r < plan.repeats(); r++) {
                    for (Child child : children) {
                        child.timedRepeat();
                    }
                }
                List<Map<String, Object>> rows = new ArrayList<>();
                for (Child child : children) {
                    rows.add(child.finish());
                }
                report.model(kind, plan, rows);
            } finally {
                children.forEach(Child::close);
            }
        }
        return 0;
    }

    /**
     * The step counts for one model. A conv step trains on 32 whole names, about 228 characters, where a
     * window model's step sees 32, so conv runs a tenth of the steps (at least 10 warm-up and 20 timed).
     */
    record Steps(int warmup, int steps, int repeats) {
        static Steps of(ModelKind kind, int warmup, int steps, int repeats) {
            return kind.readsWholeNames() ? new Steps(Math.max(10, warmup / 10), Math.max(20, steps / 10), repeats)
                    : new Steps(warmup, steps, repeats);
        }
    }

    private List<String> torchCommand(Path script, ModelKind kind, String style, Steps plan, String evalSplit) {
        return List.of(python, script.toString(), "--model", kind.cliName(), "--style", style, "--warmup",
                Integer.toString(plan.warmup()), "--steps", Integer.toString(plan.steps()), "--repeats",
                Integer.toString(plan.repeats()), "--eval-split", evalSplit, "--driven");
    }

    private List<String> javaCommand(ModelKind kind, String variant, Steps plan, String evalSplit) {
        List<String> cmd = jvm();
        cmd.addAll(List.of(JavaSide.class.getName(), kind.cliName(), variant,
                Integer.toString(plan.warmup()), Integer.toString(plan.steps()), Integer.toString(plan.repeats()), evalSplit,
                "driven"));
        return cmd;
    }

    private List<String> sweepCommand(ModelKind kind, String variant, Steps plan) {
        List<String> cmd = jvm();
        cmd.addAll(List.of(SweepSide.class.getName(), kind.cliName(), variant, Integer.toString(sweepRuns),
                Integer.toString(plan.warmup()), Integer.toString(plan.steps()), Integer.toString(plan.repeats()), "driven"));
        return cmd;
    }

    /** This JVM's command and flags, a small heap, and its classpath: a measurement process's start. */
    private static List<String> jvm() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-Xmx") && !arg.startsWith("-Xms")) {
                cmd.add(arg);
            }
        }
        // a small heap: ParallelGC with little to scan is fastest, and RSS (which includes the heap) stays flat
        cmd.add("-Xmx256m");
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
        return cmd;
    }

    /**
     * One measurement process (a PyTorch script or {@link JavaSide}) driven through the protocol of
     * {@code JavaSide.Driver}: it warms up and prints {@code READY}; each {@code go} runs one timed repeat
     * (answered by {@code RATE}); {@code finish} makes it evaluate, print its JSON line and exit.
     */
    private static final class Child implements AutoCloseable {
        private final List<String> command;
        private final Process process;
        private final BufferedReader out;
        private final Writer in;
        private final Path errors;

        Child(List<String> command, Map<String, String> env) throws IOException {
            this.command = command;
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().putAll(env);
            pb.environment().put("OMP_NUM_THREADS", "1");
            pb.environment().put("OPENBLAS_NUM_THREADS", "1");
            this.errors = Files.createTempFile("makemore-bench", ".err");
            this.process = pb.redirectError(errors.toFile()).start();
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            expect("READY");
        }

        void timedRepeat() throws IOException {
            send("go");
            expect("RATE ");
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> finish() throws IOException, InterruptedException {
            send("finish");
            String last = "";
            for (String line; (line = out.readLine()) != null; ) {
                if (!line.isBlank()) {
                    last = line;
                }
            }
            if (!process.waitFor(1, TimeUnit.HOURS) || process.exitValue() != 0) {
                throw failed();
            }
            try {
                return new Gson().fromJson(last, Map.class);
            } catch (JsonSyntaxException e) {
                throw new UsageException("benchmark process printed no result: " + shown(), e);
            }
        }

        private void send(String command) throws IOException {
            try {
                in.write(command + "\n");
                in.flush();
            } catch (IOException e) {
                throw failed();
            }
        }

        /** Reads up to the line that starts with {@code prefix} (libraries may print before it). */
        private String expect(String prefix) throws IOException {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            throw failed();
        }

        private UsageException failed() {
            try {
                process.waitFor(10, TimeUnit.SECONDS);
                String why = Files.readAllLines(errors).stream().filter(l -> !l.isBlank() && !l.contains("Warning:"))
                        .reduce((a, b) -> b).orElse("no message");
                return new UsageException("benchmark process failed (" + why + "): " + shown());
            } catch (IOException | InterruptedException e) {
                return new UsageException("benchmark process failed: " + shown());
            }
        }

        /** The command without the JVM's long classpath. */
        private String shown() {
            int from = Math.max(Math.max(command.indexOf(JavaSide.class.getName()), command.indexOf(SweepSide.class.getName())), 1);
            return String.join(" ", command.subList(from, command.size()));
        }

        @Override
        public void close() {
            process.destroyForcibly();
            try {
                Files.deleteIfExists(errors);
            } catch (IOException e) {
                // a temp file left behind is harmless
            }
        }
    }

    /** Why PyTorch cannot run, or null when it can. */
    private String torchProblem(Path script) throws InterruptedException {
        if (!Files.isRegularFile(script)) {
            return script + " not found";
        }
        try {
            Process p = new ProcessBuilder(python, "-c", "import torch").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0 ? null : python + " cannot import torch (Debian: apt-get install python3-torch)";
        } catch (IOException e) {
            return python + " not found";
        }
    }

    private static Path benchDir() {
        String home = System.getenv("MAKEMORE_HOME");
        return (home != null ? Path.of(home) : Path.of("")).resolve("bench").toAbsolutePath();
    }

    /** The machine's load averages over 1, 5 and 15 minutes, as {@code /proc/loadavg} gives them. */
    static String loadAverage() {
        try {
            return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The CPU's model name: library kernels (MKL's in particular) pick their code path by CPU vendor and model. */
    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
