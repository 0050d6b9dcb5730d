package dev.jshellkernel.eval;

import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.SourceCodeAnalysis.Documentation;
import jdk.jshell.SourceCodeAnalysis.Suggestion;
import jdk.jshell.VarSnippet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One JShell, running snippets in this JVM: evaluates cells, stops them on request, and answers
 * completion, is-complete and inspection questions. Everything here is independent of Jupyter.
 */
public final class JShellSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JShellSession.class);

    /** How often an interrupt is repeated while the cell still runs (it may have started a new snippet). */
    static final long RESTOP_MILLIS = 250;
    /** After this long, a cell that ignores the interrupt gets a note on stderr. */
    static final long STUCK_NOTE_MILLIS = 2000;

    private final JShell jshell;
    private final KernelExecutionControl control;
    private final CellSplitter splitter;
    private final ErrorFormatter errors;
    private final PrintStream notes;
    private final ClassPathIndexing indexing;
    private final ScheduledExecutorService stopper;
    private final Object cellLock = new Object();
    private boolean cellRunning;
    /** The variables the running cell has declared so far, in order (see {@link #freeHeap}). */
    private final List<String> cellDeclared = new ArrayList<>();
    /** Whether the running cell's variables were dropped already, after an OutOfMemoryError. */
    private boolean cellFreed;
    private ScheduledFuture<?> restop;

    /** The result of evaluating code: whether the last snippet was an expression to show, and its value. */
    public record Result(boolean hasValue, Object value) {
        public static final Result NONE = new Result(false, null);
    }

    /**
     * Starts JShell and runs the start-up snippets (imports), which must compile.
     *
     * @param startup snippets every session begins with
     * @param notes   where the session writes remarks for the user (the cell's stderr)
     */
    public JShellSession(List<String> startup, PrintStream notes) {
        this(startup, notes, false);
    }

    /**
     * As {@link #JShellSession(List, PrintStream)}; with {@code postponeIndexing}, JShell's class-path
     * indexing (for completing package names) waits until {@link #resumeIndexing()}, where the JVM allows
     * it (see {@link ClassPathIndexing}).
     */
    public JShellSession(List<String> startup, PrintStream notes, boolean postponeIndexing) {
        KernelExecutionControl.Provider provider = new KernelExecutionControl.Provider();
        this.jshell = JShell.builder().executionEngine(provider, Map.of()).build();
        this.control = provider.control();
        SourceCodeAnalysis analysis = jshell.sourceCodeAnalysis();
        this.indexing = postponeIndexing ? ClassPathIndexing.postpone(analysis) : null;
        this.splitter = new CellSplitter(analysis);
        this.errors = new ErrorFormatter(jshell);
        this.notes = notes;
        this.stopper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "jshell-kernel-stopper");
            thread.setDaemon(true);
            return thread;
        });
        CodeSource source = new CodeSource("start-up", 1);
        for (String snippet : startup) {
            try {
                evaluate(snippet, source);
            } catch (CellException e) {
                throw new IllegalStateException("start-up snippet failed: " + snippet + ": " + e.getMessage());
            }
        }
    }

    /**
     * Evaluates the snippets of {@code code} in order, stopping at the first error.
     *
     * @return the value of the last snippet when it is an expression without a trailing semicolon
     * @throws CellException a compile error, an exception from the code, or an interrupt
     */
    public Result evaluate(String code, CodeSource source) throws CellException {
        String where = source.at(1);
        try {
            Result result = Result.NONE;
            for (CellSplitter.Snippet snippet : splitter.split(code)) {
                CodeSource start = source.shiftedBy(ErrorFormatter.countLines(code, 0, snippet.sourceOffset()) - 1);
                where = start.at(1);
                checkInterrupt(where);
                List<SnippetEvent> events = jshell.eval(snippet.source());
                checkInterrupt(where);
                result = Result.NONE;
                for (SnippetEvent event : events) {
                    if (event.causeSnippet() != null) {
                        continue;
                    }
                    Snippet defined = event.snippet();
                    errors.remember(defined.id(), start);
                    if (event.status() == Snippet.Status.REJECTED) {
                        List<Diag> diagnostics = jshell.diagnostics(defined).filter(Diag::isError).toList();
                        throw errors.compileError(diagnostics, snippet, code, source);
                    }
                    if (defined instanceof VarSnippet variable && !isTemporary(variable)) {
                        cellDeclared.add(variable.name());
                    }
                    if (event.exception() != null) {
                        String freed = HeapReserve.isHeapFull(event.exception())
                                ? freeHeap(code, event.exception().getMessage()) : null;
                        CellException error = errors.runtimeError(event.exception());
                        throw freed == null ? error : error.withLastLine("OutOfMemoryError: " + freed, freed);
                    }
                    if (event.status() == Snippet.Status.RECOVERABLE_DEFINED) {
                        noteUnresolved(defined);
                    }
                    if (showsValue(defined) && !snippet.endsWithSemicolon()) {
                        result = new Result(true, ValueCapture.lastValue());
                    }
                }
            }
            return result;
        } catch (CellException e) {
            throw e;
        } catch (Throwable t) {
            if (!HeapReserve.isOutOfMemory(t)) {
                throw t;
            }
            // Out of memory in JShell itself (compiling, or reporting a snippet's result): JShell wraps it in
            // an InternalError ("Exception during analyze - ...") or lets it through.
            HeapReserve.release();
            Throwable cause = t;
            while (!(cause instanceof OutOfMemoryError) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            String message = cause.getMessage();
            String freed = HeapReserve.isHeapFull(t) ? freeHeap(code, message) : null;
            String line = "java.lang.OutOfMemoryError: " + (message == null ? "" : message)
                    + " (in JShell, while it compiled or ran " + where + ")";
            CellException error = new CellException("java.lang.OutOfMemoryError", String.valueOf(message),
                    List.of(line));
            throw freed == null ? error : error.withLastLine("OutOfMemoryError: " + freed, freed);
        }
    }

    /**
     * Evaluates {@code code} for its side effects only: everything it declares (variables, methods, classes,
     * imports) is dropped afterwards, also when it fails, so later code cannot see any of it.
     *
     * @throws CellException as {@link #evaluate}
     */
    public void evaluateAndForget(String code, CodeSource source) throws CellException {
        Set<String> before = jshell.snippets().map(Snippet::id).collect(Collectors.toSet());
        try {
            evaluate(code, source);
        } finally {
            jshell.snippets()
                    .filter(snippet -> !before.contains(snippet.id()) && jshell.status(snippet).isActive())
                    .toList()
                    .forEach(jshell::drop);
        }
    }

    /** Whether JShell's class-path indexing is being held back (see the constructor). */
    public boolean indexingPostponed() {
        return indexing != null && indexing.paused();
    }

    /** Lets JShell's class-path indexing run, if it was postponed; later calls do nothing. */
    public void resumeIndexing() {
        if (indexing != null) {
            indexing.resume();
        }
    }

    /** Adds jars or directories (joined with the path separator) to the compiler's and the runtime's class path. */
    public void addToClasspath(String path) {
        jshell.addToClasspath(path);
    }

    /** Marks the start of a cell: earlier interrupts no longer apply. */
    public void beginCell() {
        cellDeclared.clear();
        cellFreed = false;
        HeapReserve.refill();
        synchronized (cellLock) {
            control.clearStopRequest();
            cellRunning = true;
        }
    }

    /** Marks the end of a cell. */
    public void endCell() {
        synchronized (cellLock) {
            cellRunning = false;
            if (restop != null) {
                restop.cancel(false);
                restop = null;
            }
        }
    }

    /**
     * Stops the running cell, from any thread. The stop is repeated while the cell runs, since it may
     * arrive while JShell compiles, between two snippets; if the cell is still running after
     * {@value #STUCK_NOTE_MILLIS} ms, the user is told why it cannot be stopped.
     */
    public void interrupt() {
        synchronized (cellLock) {
            if (!cellRunning || restop != null) {
                return;
            }
            control.requestStop();
            long start = System.nanoTime();
            boolean[] noted = {false};
            restop = stopper.scheduleWithFixedDelay(() -> {
                synchronized (cellLock) {
                    if (!cellRunning) {
                        return;
                    }
                }
                control.requestStop();
                if (!noted[0] && System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(STUCK_NOTE_MILLIS)) {
                    noted[0] = true;
                    notes.println("The cell is still running after the interrupt: it is inside code that cannot be"
                            + " stopped (a native call, or a library loop that ignores Thread.interrupt() on a JDK"
                            + " without Thread.stop). Restart the kernel to end it.");
                }
            }, RESTOP_MILLIS, RESTOP_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Completion candidates at {@code cursor}: the snippet around the cursor is completed on its own.
     *
     * @return the candidates (best matches first) and the range of {@code code} they replace
     */
    public Completion complete(String code, int cursor) {
        CellSplitter.Snippet snippet = snippetAt(code, cursor);
        int offset = snippet == null ? cursor : snippet.offset();
        String text = code.substring(offset, snippet == null ? cursor : Math.max(cursor, snippet.end()));
        int[] anchor = new int[1];
        List<Suggestion> suggestions = jshell.sourceCodeAnalysis().completionSuggestions(text, cursor - offset, anchor);
        Set<String> candidates = suggestions.stream()
                .sorted(Comparator.comparing(suggestion -> !suggestion.matchesType()))
                .map(Suggestion::continuation)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return new Completion(List.copyOf(candidates), offset + anchor[0], cursor);
    }

    /** Completion candidates for {@code code[start, end)}. */
    public record Completion(List<String> candidates, int start, int end) {
    }

    /**
     * Whether {@code code} is ready to run: {@code "complete"}, {@code "incomplete"} (an open block or
     * statement) or {@code "invalid"}.
     */
    public String completeness(String code) {
        String remaining = code;
        while (!remaining.isBlank()) {
            CompletionInfo info = jshell.sourceCodeAnalysis().analyzeCompletion(remaining);
            Completeness completeness = info.completeness();
            if (completeness == Completeness.DEFINITELY_INCOMPLETE || completeness == Completeness.CONSIDERED_INCOMPLETE) {
                return "incomplete";
            }
            if (completeness == Completeness.UNKNOWN) {
                return "invalid";
            }
            if (completeness == Completeness.EMPTY) {
                break;
            }
            remaining = info.remaining();
        }
        return "complete";
    }

    /** Signatures (and, with {@code javadoc}, documentation) of what is at {@code cursor}; empty if nothing. */
    public String documentation(String code, int cursor, boolean javadoc) {
        CellSplitter.Snippet snippet = snippetAt(code, cursor);
        int offset = snippet == null ? 0 : snippet.offset();
        String text = code.substring(offset, snippet == null ? code.length() : Math.max(cursor, snippet.end()));
        List<Documentation> docs = jshell.sourceCodeAnalysis().documentation(text, cursor - offset, javadoc);
        return docs.stream()
                .map(doc -> doc.javadoc() == null || doc.javadoc().isBlank()
                        ? doc.signature() : doc.signature() + "\n\n" + doc.javadoc())
                .collect(Collectors.joining("\n\n"));
    }

    @Override
    public void close() {
        stopper.shutdownNow();
        jshell.close();
    }

    private void checkInterrupt(String where) throws CellException {
        if (control.stopRequested()) {
            throw CellException.interrupted("stopped at " + where);
        }
    }

    /** Lets the kernel's heap reserve go (after an {@link OutOfMemoryError} the kernel saw itself). */
    public static void releaseHeapReserve() {
        HeapReserve.release();
        ValueCapture.forget();
    }

    /**
     * For an {@link OutOfMemoryError} the kernel met while it handled the running cell, outside the cell's
     * code (replying, showing the value): frees the heap as after an error in the cell's code, unless that
     * was done already.
     *
     * @param code    the cell's code
     * @param message the error's message
     * @return the line that tells the user what was dropped, or null when nothing was done now
     */
    public String freeHeapAfterCell(String code, String message) {
        return cellFreed ? null : freeHeap(code, message);
    }

    /**
     * After a cell ran out of heap: drops the variables the cell declared (so far, in order) or
     * wrote ({@link WrittenVariables}), lets go of their values and of the values JShell still keeps for
     * variables declared again or dropped before and for earlier unnamed results ({@code $1}, ...), collects
     * the garbage, and takes the heap reserve again.
     *
     * @return the line that tells the user what happened
     */
    private String freeHeap(String code, String message) {
        cellFreed = true;
        HeapReserve.release();
        ValueCapture.forget();
        long began = System.nanoTime();
        try {
            // Values first, with as little allocation as possible; JShell's bookkeeping (drop) afterwards.
            Set<String> active = new LinkedHashSet<>();
            jshell.variables().filter(variable -> !isTemporary(variable)).forEach(v -> active.add(v.name()));
            Set<String> dropped = new LinkedHashSet<>();
            cellDeclared.stream().filter(active::contains).forEach(dropped::add);
            dropped.addAll(WrittenVariables.in(code, active));
            Set<String> keep = new LinkedHashSet<>(active);
            keep.removeAll(dropped);
            int released = control.releaseValues(keep);
            System.gc();
            jshell.variables()
                    .filter(variable -> dropped.contains(variable.name()) || isTemporary(variable))
                    .toList()
                    .forEach(jshell::drop);
            boolean reserved = HeapReserve.refill();
            if (LOG.isDebugEnabled()) {
                Runtime runtime = Runtime.getRuntime();
                LOG.debug("out of memory: dropped {}, let go of {} values, in {} ms; heap in use {} of {} MB;"
                                + " reserve {}", dropped, released, (System.nanoTime() - began) / 1_000_000,
                        (runtime.totalMemory() - runtime.freeMemory()) >> 20, runtime.maxMemory() >> 20,
                        reserved ? "taken again" : "not taken: no room");
            }
            return explainOutOfMemory(message, dropped);
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            HeapReserve.release();
            return (message == null ? "Out of heap" : message) + ". The kernel could not free the heap (" + e
                    + "); if the next cells fail too, restart the kernel.";
        }
    }

    /**
     * {@code "Java heap space. Dropped the variables ...: big. Fix the cell and run it again."}, with a
     * word on the heap when it is still well filled.
     */
    private static String explainOutOfMemory(String message, Set<String> dropped) {
        Runtime runtime = Runtime.getRuntime();
        long used = runtime.totalMemory() - runtime.freeMemory();
        long max = runtime.maxMemory();
        int percent = (int) (100 * used / max);
        String heap = percent >= 60
                ? " The heap is still " + percent + "% full (" + (used >> 20) + " of " + (max >> 20) + " MB): variables of"
                + " earlier cells hold it; set large ones to null (name = null;) or restart the kernel."
                : "";
        String what = message == null || message.isEmpty() ? "Out of heap" : message;
        if (dropped.isEmpty()) {
            return what + ". This cell declared or filled no variable to drop." + heap;
        }
        return what + ". Dropped the variables this cell declared or filled, to free the heap: "
                + String.join(", ", dropped) + ". Fix the cell and run it again." + heap;
    }

    private static boolean isTemporary(VarSnippet variable) {
        return variable.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    private void noteUnresolved(Snippet snippet) {
        if (snippet instanceof jdk.jshell.DeclarationSnippet declaration) {
            String missing = jshell.unresolvedDependencies(declaration).collect(Collectors.joining(", "));
            notes.println("Note: " + declaration.name() + " is defined, but cannot be used until this is defined: "
                    + missing);
        }
    }

    private static boolean showsValue(Snippet snippet) {
        return snippet.kind() == Snippet.Kind.EXPRESSION
                || snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    private CellSplitter.Snippet snippetAt(String code, int cursor) {
        CellSplitter.Snippet found = null;
        for (CellSplitter.Snippet snippet : splitter.split(code)) {
            if (snippet.offset() <= cursor) {
                found = snippet;
            }
        }
        return found;
    }
}
