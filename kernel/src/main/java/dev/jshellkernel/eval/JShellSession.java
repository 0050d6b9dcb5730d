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
        Result result = Result.NONE;
        for (CellSplitter.Snippet snippet : splitter.split(code)) {
            CodeSource start = source.shiftedBy(ErrorFormatter.countLines(code, 0, snippet.sourceOffset()) - 1);
            String where = start.at(1);
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
                if (event.exception() != null) {
                    throw errors.runtimeError(event.exception());
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
