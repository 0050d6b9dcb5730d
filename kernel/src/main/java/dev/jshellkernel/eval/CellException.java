package dev.jshellkernel.eval;

import java.util.List;

/**
 * Why a cell failed, already in the shape of a Jupyter error: a name, a one-line value and the lines of a
 * traceback. Compile errors, exceptions thrown by user code, interrupts and bad magics all end up here.
 */
public final class CellException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final List<String> traceback;

    public CellException(String name, String value, List<String> traceback) {
        super(value, null, false, false);
        this.name = name;
        this.traceback = List.copyOf(traceback);
    }

    /** The error for a cell stopped by an interrupt request. */
    public static CellException interrupted(String where) {
        String value = "the cell was interrupted" + (where.isEmpty() ? "" : " (" + where + ")");
        return new CellException("Interrupted", value, List.of("Interrupted: " + value));
    }

    /** The error for a bad request that is not Java: an unknown magic, a missing file. */
    public static CellException usage(String message) {
        return new CellException("UsageError", message, List.of("UsageError: " + message));
    }

    /** The same error with {@code value} as its value and {@code line} added at the end of its traceback. */
    public CellException withLastLine(String line, String value) {
        List<String> lines = new java.util.ArrayList<>(traceback);
        lines.add(line);
        return new CellException(name, value, lines);
    }

    /** The Jupyter {@code ename}, e.g. {@code CompilationError} or {@code java.lang.ArithmeticException}. */
    public String name() {
        return name;
    }

    /** The Jupyter {@code evalue}: one line. */
    public String value() {
        return getMessage();
    }

    /** The lines shown under the cell. */
    public List<String> traceback() {
        return traceback;
    }
}
