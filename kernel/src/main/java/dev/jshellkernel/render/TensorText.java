package dev.jshellkernel.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * Lays out tensor values the way PyTorch prints tensors, so notebook output can be compared with the
 * lectures at a glance: nested brackets, one row per line, columns aligned, four decimals (or scientific
 * notation when magnitudes differ widely), whole-valued floats as {@code 3.}, and tensors of more than
 * {@value #SUMMARY_THRESHOLD} elements summarised to their first and last {@value #EDGE_ITEMS} entries
 * along each dimension.
 */
final class TensorText {

    static final int SUMMARY_THRESHOLD = 1000;
    static final int EDGE_ITEMS = 3;
    static final int LINE_WIDTH = 80;

    /** How the numbers are to be read. */
    enum Kind { BOOLEAN, INTEGER, FLOAT }

    private final double[] values;
    private final long[] shape;
    private final long[] strides;
    private final boolean summarize;
    private final DoubleFunction<String> number;
    private final int width;

    private TensorText(double[] values, long[] shape, Kind kind) {
        this.values = values;
        this.shape = shape.clone();
        this.strides = new long[shape.length];
        long stride = 1;
        for (int dim = shape.length - 1; dim >= 0; dim--) {
            strides[dim] = stride;
            stride *= shape[dim];
        }
        if (stride != values.length) {
            throw new IllegalArgumentException("shape holds " + stride + " values, got " + values.length);
        }
        this.summarize = values.length > SUMMARY_THRESHOLD;
        List<Double> shown = new ArrayList<>();
        collectShown(0, 0, shown);
        this.number = numberFormat(kind, shown);
        this.width = shown.stream().mapToInt(v -> number.apply(v).length()).max().orElse(0);
    }

    /**
     * Formats {@code values}, stored row-major, as a tensor of {@code shape} (empty for a scalar).
     *
     * @throws IllegalArgumentException if the shape does not hold {@code values.length} values
     */
    static String format(double[] values, long[] shape, Kind kind) {
        TensorText text = new TensorText(values, shape, kind);
        return shape.length == 0 ? text.number.apply(values[0]) : text.block(0, 0, 0);
    }

    private void collectShown(int dim, long offset, List<Double> shown) {
        if (dim == shape.length) {
            shown.add(values[(int) offset]);
            return;
        }
        for (long index : indices(dim)) {
            if (index >= 0) {
                collectShown(dim + 1, offset + index * strides[dim], shown);
            }
        }
    }

    /** The indices shown along {@code dim}; -1 stands for the "..." of a summary. */
    private List<Long> indices(int dim) {
        long size = shape[dim];
        List<Long> indices = new ArrayList<>();
        if (summarize && size > 2L * EDGE_ITEMS) {
            for (long i = 0; i < EDGE_ITEMS; i++) {
                indices.add(i);
            }
            indices.add(-1L);
            for (long i = size - EDGE_ITEMS; i < size; i++) {
                indices.add(i);
            }
        } else {
            for (long i = 0; i < size; i++) {
                indices.add(i);
            }
        }
        return indices;
    }

    private String block(int dim, long offset, int indent) {
        List<String> parts = new ArrayList<>();
        boolean innermost = dim == shape.length - 1;
        for (long index : indices(dim)) {
            if (index < 0) {
                parts.add("...");
            } else if (innermost) {
                parts.add(pad(number.apply(values[(int) (offset + index * strides[dim])])));
            } else {
                parts.add(block(dim + 1, offset + index * strides[dim], indent + 1));
            }
        }
        if (innermost) {
            return "[" + wrap(parts, indent + 1) + "]";
        }
        String separator = "," + "\n".repeat(shape.length - dim - 1) + " ".repeat(indent + 1);
        return "[" + String.join(separator, parts) + "]";
    }

    /** Joins a row's entries with ", ", breaking lines that would pass {@value #LINE_WIDTH} characters. */
    private String wrap(List<String> entries, int indent) {
        int perLine = Math.max(1, (LINE_WIDTH - indent) / (width + 2));
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) {
                row.append(i % perLine == 0 ? ",\n" + " ".repeat(indent) : ", ");
            }
            row.append(entries.get(i));
        }
        return row.toString();
    }

    private String pad(String text) {
        return " ".repeat(Math.max(0, width - text.length())) + text;
    }

    /** PyTorch's choice of number format, made from the values that are shown. */
    private static DoubleFunction<String> numberFormat(Kind kind, List<Double> shown) {
        switch (kind) {
            case BOOLEAN:
                return v -> v != 0 ? "true" : "false";
            case INTEGER:
                return v -> Long.toString((long) v);
            default:
                break;
        }
        double maxAbs = 0;
        double minAbs = Double.POSITIVE_INFINITY;
        boolean whole = true;
        for (double v : shown) {
            if (!Double.isFinite(v)) {
                continue;
            }
            whole &= v == Math.rint(v);
            if (v != 0) {
                maxAbs = Math.max(maxAbs, Math.abs(v));
                minAbs = Math.min(minAbs, Math.abs(v));
            }
        }
        boolean any = maxAbs > 0;
        String pattern;
        if (whole && maxAbs < 1e8) {
            pattern = "%.0f.";
        } else if (any && (maxAbs / minAbs > 1000 || maxAbs > 1e8 || minAbs < 1e-4)) {
            pattern = "%.4e";
        } else {
            pattern = "%.4f";
        }
        return v -> {
            if (Double.isNaN(v)) {
                return "nan";
            }
            if (Double.isInfinite(v)) {
                return v > 0 ? "inf" : "-inf";
            }
            return String.format(Locale.ROOT, pattern, v);
        };
    }
}
