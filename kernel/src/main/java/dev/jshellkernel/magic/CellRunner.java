package dev.jshellkernel.magic;

import dev.jshellkernel.eval.CellException;
import dev.jshellkernel.eval.CodeSource;
import dev.jshellkernel.eval.JShellSession;
import dev.jshellkernel.eval.JShellSession.Result;
import org.dflib.jjava.jupyter.kernel.util.PathsHandler;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs a cell: its magics, then its Java code in the session. The magics (IJava's names) are
 * <ul>
 *   <li>{@code %classpath <path or glob>} and its alias {@code %jars}: add jars or class folders at run time;</li>
 *   <li>{@code %load <file>}: run a file of Java snippets;</li>
 *   <li>{@code %lsmagic}: list the magics;</li>
 *   <li>{@code %%time} (first line of a cell): run the cell and print its CPU and wall time.</li>
 * </ul>
 * Magics run on the kernel's thread, outside JShell, so they can change JShell itself.
 */
public final class CellRunner {

    public static final Set<String> LINE_MAGICS = new TreeSet<>(List.of("classpath", "jars", "load", "lsmagic"));
    public static final Set<String> CELL_MAGICS = new TreeSet<>(List.of("time"));

    private final JShellSession session;
    private final PrintStream out;

    /**
     * @param session where Java code runs
     * @param out     where magics print (the cell's stdout)
     */
    public CellRunner(JShellSession session, PrintStream out) {
        this.session = session;
        this.out = out;
    }

    /** Runs {@code cell}; returns the value of its last expression, if it ends with one. */
    public Result run(String cell, CodeSource source) throws CellException {
        MagicCell parsed = MagicCell.parse(cell);
        CodeSource codeSource = source.shiftedBy(parsed.codeLine() - 1);
        if (parsed.cellMagic() != null) {
            return runCellMagic(parsed.cellMagic(), parsed.code(), codeSource);
        }
        for (MagicCell.MagicCall magic : parsed.lineMagics()) {
            runLineMagic(magic);
        }
        return session.evaluate(parsed.code(), codeSource);
    }

    private Result runCellMagic(MagicCell.MagicCall magic, String body, CodeSource source) throws CellException {
        if (!magic.name().equals("time")) {
            throw CellException.usage("unknown cell magic %%" + magic.name() + " (%lsmagic lists them)");
        }
        long wallStart = System.nanoTime();
        long cpuStart = processCpuNanos();
        try {
            return run(body, source);
        } finally {
            out.println("CPU time: " + duration(processCpuNanos() - cpuStart)
                    + ", wall time: " + duration(System.nanoTime() - wallStart));
        }
    }

    private void runLineMagic(MagicCell.MagicCall magic) throws CellException {
        switch (magic.name()) {
            case "classpath", "jars" -> addToClasspath(magic);
            case "load" -> load(magic);
            case "lsmagic" -> out.println("Line magics: %" + String.join(" %", LINE_MAGICS)
                    + "\nCell magics: %%" + String.join(" %%", CELL_MAGICS));
            default -> throw CellException.usage("unknown line magic %" + magic.name() + " (%lsmagic lists them)");
        }
    }

    private void addToClasspath(MagicCell.MagicCall magic) throws CellException {
        if (magic.args().isEmpty()) {
            throw CellException.usage("%" + magic.name() + " needs a jar, a folder or a glob such as lib/*.jar");
        }
        for (String pattern : magic.args()) {
            List<Path> paths;
            try {
                paths = PathsHandler.splitAndResolveGlobs(pattern).stream().filter(Files::exists).toList();
            } catch (RuntimeException e) {
                paths = List.of(); // a glob under a folder that does not exist
            }
            if (paths.isEmpty()) {
                throw CellException.usage("%" + magic.name() + ": no file matches '" + pattern + "'");
            }
            for (Path path : paths) {
                session.addToClasspath(path.toAbsolutePath().normalize().toString());
            }
        }
    }

    private void load(MagicCell.MagicCall magic) throws CellException {
        if (magic.args().size() != 1) {
            throw CellException.usage("%load needs exactly one file of Java snippets");
        }
        Path file = Path.of(magic.args().get(0));
        String code;
        try {
            code = Files.readString(file);
        } catch (IOException e) {
            throw CellException.usage("%load: cannot read '" + file + "' (" + e.getClass().getSimpleName() + ")");
        }
        session.evaluate(code, new CodeSource(file.getFileName().toString(), 1));
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /** A duration with three significant digits in a readable unit: 850 µs, 12.3 ms, 4.56 s. */
    static String duration(long nanos) {
        if (nanos < 1_000_000) {
            return String.format(Locale.ROOT, "%d µs", nanos / 1_000);
        }
        double millis = nanos / 1e6;
        if (millis < 1000) {
            return String.format(Locale.ROOT, millis < 10 ? "%.2f ms" : millis < 100 ? "%.1f ms" : "%.0f ms", millis);
        }
        double seconds = millis / 1000;
        return String.format(Locale.ROOT, seconds < 10 ? "%.2f s" : seconds < 100 ? "%.1f s" : "%.0f s", seconds);
    }
}
