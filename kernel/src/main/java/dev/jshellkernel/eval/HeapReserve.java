package dev.jshellkernel.eval;

import jdk.jshell.EvalException;

/**
 * A block of heap the kernel holds back for itself, so that it can still work when a cell has filled the
 * heap: the block is let go the moment an {@link OutOfMemoryError} is seen (on the cell's own thread, before
 * JShell reports the error), and taken again once the heap has been freed. Without it, the kernel's own
 * small allocations after such a cell (JShell's report of the exception, compiling the next cell) fail too,
 * often as "GC overhead limit exceeded".
 */
final class HeapReserve {

    /** 1/32 of the largest heap, between 4 and 32 MB. */
    static final int SIZE = (int) Math.max(4L << 20, Math.min(32L << 20, Runtime.getRuntime().maxMemory() / 32));

    private static volatile byte[] reserve;

    private HeapReserve() {
    }

    /** Takes the reserve if it is not held; does nothing (and says false) when the heap has no room for it. */
    static boolean refill() {
        if (reserve != null) {
            return true;
        }
        try {
            reserve = new byte[SIZE];
            return true;
        } catch (OutOfMemoryError e) {
            return false;
        }
    }

    /** Lets the reserve go, so that the heap has room again at the next collection. Allocates nothing. */
    static void release() {
        reserve = null;
    }

    /**
     * Whether {@code thrown}, or one of its causes, is an {@link OutOfMemoryError} (also as JShell reports
     * one thrown by a snippet, an {@link EvalException} that names the class). Allocates nothing.
     */
    static boolean isOutOfMemory(Throwable thrown) {
        Throwable current = thrown;
        for (int depth = 0; current != null && depth < 16; depth++) {
            if (current instanceof OutOfMemoryError) {
                return true;
            }
            if (current instanceof EvalException eval
                    && OutOfMemoryError.class.getName().equals(eval.getExceptionClassName())) {
                return true;
            }
            current = current.getCause();
        }
        return false;
    }

    /**
     * Whether the error says the heap itself is full (as opposed to metaspace, direct buffers, native
     * threads, or an array larger than the JVM allows, which no freeing of variables helps).
     */
    static boolean isHeapFull(Throwable thrown) {
        Throwable current = thrown;
        for (int depth = 0; current != null && depth < 16; depth++) {
            boolean oom = current instanceof OutOfMemoryError
                    || current instanceof EvalException eval
                    && OutOfMemoryError.class.getName().equals(eval.getExceptionClassName());
            if (oom) {
                String message = current.getMessage();
                return message == null || message.equals("Java heap space")
                        || message.equals("GC overhead limit exceeded");
            }
            current = current.getCause();
        }
        return false;
    }
}
