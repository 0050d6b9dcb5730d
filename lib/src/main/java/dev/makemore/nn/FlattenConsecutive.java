package dev.makemore.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Fuses {@code n} consecutive positions: {@code [B, T, C] -> [B, T/n, C*n]}, the step that makes the part-5
 * model hierarchical (pairs of characters, then pairs of pairs, ...). When one position remains the time
 * axis is dropped, giving {@code [B, C*n]}.
 */
public final class FlattenConsecutive extends RecordingLayer {

    private final int n;

    /** Fuses {@code n} positions at a time. */
    public FlattenConsecutive(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("FlattenConsecutive needs n >= 1, got " + n);
        }
        this.n = n;
    }

    @Override
    public NDArray forward(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 3 || s.get(1) % n != 0) {
            throw new IllegalArgumentException("FlattenConsecutive(" + n + ") needs [B, T, C] input with T divisible by "
                    + n + ", got " + s + " (the time axis is gone once it reaches 1)");
        }
        NDArray out = x.reshape(s.get(0), s.get(1) / n, s.get(2) * n);
        return record(out.getShape().get(1) == 1 ? out.squeeze(1) : out);
    }

    /** How many consecutive positions are fused. */
    public int n() {
        return n;
    }

    @Override
    public String toString() {
        return "FlattenConsecutive(" + n + ")";
    }
}
