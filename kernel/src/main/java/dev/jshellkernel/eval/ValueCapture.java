package dev.jshellkernel.eval;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Keeps the object a snippet returns. JShell's execution engine turns every value into a string for its
 * own console; a notebook needs the object itself, to draw a chart or a table. The engine is handed
 * {@link #invokeSnippet()} in place of the snippet's method; it runs the snippet on the engine's thread,
 * as before, and records the result on the way out.
 *
 * <p>State is static because the engine invokes a {@link Method} without a receiver; a kernel runs one
 * JShell and one snippet at a time.
 */
public final class ValueCapture {

    static final Method TRAMPOLINE;

    static {
        try {
            TRAMPOLINE = ValueCapture.class.getMethod("invokeSnippet");
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static volatile Method snippet;
    private static volatile Object value;

    private ValueCapture() {
    }

    /** Arms the trampoline with the snippet method to run next, and forgets the previous value. */
    static void arm(Method snippetMethod) {
        snippet = snippetMethod;
        value = null;
    }

    /** The value the last snippet returned (null also when it returned nothing). */
    static Object lastValue() {
        return value;
    }

    /** Lets go of the last value, so that it does not keep memory in use. */
    static void forget() {
        value = null;
    }

    /**
     * Runs the armed snippet and keeps its result; the engine gets {@code null} in its place, since JShell
     * would turn the result into a string that nobody reads (for an array, every element: seconds and
     * hundreds of MB for a 100 MB array). Its exceptions pass through unwrapped, so the engine sees exactly
     * what it would have seen (including the {@code ThreadDeath} of a stop). When the snippet ran out of memory, the
     * kernel's {@link HeapReserve} is let go here, first of all, so that JShell and the kernel have room to
     * report the error and free the heap.
     */
    public static Object invokeSnippet() throws Throwable {
        try {
            value = snippet.invoke(null);
            return null;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (HeapReserve.isOutOfMemory(cause)) {
                HeapReserve.release();
            }
            throw cause;
        } catch (OutOfMemoryError e) {
            HeapReserve.release();
            throw e;
        }
    }
}
