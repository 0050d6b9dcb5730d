package dev.jshellkernel.eval;

import jdk.jshell.SourceCodeAnalysis;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Holds back JShell's class-path indexing while the kernel starts.
 *
 * <p>As soon as a JShell's {@link SourceCodeAnalysis} exists (the kernel needs it to split every cell),
 * JShell indexes every class of the JDK and of the class path on a background thread. The index only
 * serves completion of package names, yet building it costs over a second of CPU (and as much again in
 * JIT compilation) exactly while the kernel starts and compiles its first cell: on a two-core machine that
 * delays the first cell. JShell pauses the indexer itself while it compiles; this keeps it paused until
 * {@link #resume()} (after the first cell, or at the first completion request).
 *
 * <p>The pause switch is internal to JShell, so this works only when the kernel's JVM runs with
 * {@code --add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED}; without it, or on a JDK without the switch,
 * indexing simply runs at once, as in any JShell.
 */
final class ClassPathIndexing {

    private static final ClassPathIndexing NOT_POSTPONED = new ClassPathIndexing(null, null);

    private final Object analysis;
    private final Method resume;
    private boolean paused;

    private ClassPathIndexing(Object analysis, Method resume) {
        this.analysis = analysis;
        this.resume = resume;
        this.paused = analysis != null;
    }

    /** Pauses the indexing of {@code analysis}, just created, if JShell lets us; never throws. */
    static ClassPathIndexing postpone(SourceCodeAnalysis analysis) {
        Class<?> type = analysis.getClass();
        if (!type.getModule().isOpen(type.getPackageName(), ClassPathIndexing.class.getModule())) {
            return NOT_POSTPONED;
        }
        try {
            Method suspend = type.getMethod("suspendIndexing");
            Method resume = type.getMethod("resumeIndexing");
            suspend.setAccessible(true);
            resume.setAccessible(true);
            suspend.invoke(analysis);
            return new ClassPathIndexing(analysis, resume);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return NOT_POSTPONED;
        }
    }

    /** Whether indexing is being held back now. */
    synchronized boolean paused() {
        return paused;
    }

    /** Lets indexing run (once; later calls do nothing). */
    synchronized void resume() {
        if (!paused) {
            return;
        }
        paused = false;
        try {
            resume.invoke(analysis);
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
            // Nothing sensible is left to do: completion then offers no package names.
        }
    }
}
