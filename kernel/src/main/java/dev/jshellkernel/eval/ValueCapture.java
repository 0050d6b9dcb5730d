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

    /**
     * Runs the armed snippet. Its exceptions pass through unwrapped, so the engine sees exactly what it
     * would have seen (including the {@code ThreadDeath} of a stop).
     */
    public static Object invokeSnippet() throws Throwable {
        try {
            Object result = snippet.invoke(null);
            value = result;
            return result;
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
