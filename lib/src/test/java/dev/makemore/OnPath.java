package dev.makemore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;

/**
 * Assertions for lecture numbers that hold to different precision on different numeric paths
 * ({@link NumericPath}). Each quantity gets two bounds: the one that holds on the reference path (often 0, bit
 * for bit) and the one that holds on every path, set from the spread measured across the paths this project can
 * reach (AMD and Intel x86-64 with AVX-512 and AVX2, ARM64) with room to spare, yet orders of magnitude below what a
 * real bug moves. Every check prints what it measured, so a test log shows how far each path lands.
 */
public final class OnPath {

    /** This process's path, probed once. */
    public static final NumericPath PATH = NumericPath.current();

    private OnPath() {}

    /** One line for the test log naming the path the tests run on. */
    public static String banner() {
        String emulated = System.getenv("MAKEMORE_EMULATED_PATH");
        return "[numeric path] " + PATH + (emulated == null ? "" : " (emulated: " + emulated + ")");
    }

    /**
     * Asserts {@code actual} against the lecture's {@code expected}: within {@code onReference} on the reference
     * path (0 = bit for bit), within {@code anywhere} on any other.
     */
    public static void close(String what, double expected, double actual, double onReference, double anywhere) {
        double bound = PATH.isReference() ? onReference : anywhere;
        System.out.printf(Locale.ROOT, "[numeric path] %-40s ours %.10g  lecture %.10g  diff %+.3e  (bound %.1e)%n",
                what, actual, expected, actual - expected, bound);
        assertEquals(expected, actual, bound, what + " on " + PATH);
    }

    /** As {@link #close}, with bounds relative to {@code |expected|}. */
    public static void closeRelative(String what, double expected, double actual, double onReference, double anywhere) {
        close(what, expected, actual, onReference * Math.abs(expected), anywhere * Math.abs(expected));
    }
}
