package dev.makemore;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Formats numbers the way Python's {@code f"{x:.4f}"} does: from the exact binary value, rounding half to
 * even. Java's {@code %.4f} rounds a float's shortest decimal form instead, which can differ in the last digit.
 */
public final class Decimal {

    private Decimal() {}

    /** {@code x} with exactly {@code digits} decimals. */
    public static String fixed(double x, int digits) {
        if (!Double.isFinite(x)) {
            return Double.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
        }
        return new BigDecimal(x).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    }
}
