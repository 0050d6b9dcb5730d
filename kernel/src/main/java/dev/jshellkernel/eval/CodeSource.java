package dev.jshellkernel.eval;

/**
 * Where a piece of code came from, so errors can say "cell [3], line 2" rather than JShell's "#17:1".
 *
 * @param label     {@code "cell [3]"}, or a file name for {@code %load}
 * @param firstLine the line of the source's first character within the cell or file (1-based)
 */
public record CodeSource(String label, int firstLine) {

    /** Code typed into the cell with this execution count, starting on its first line. */
    public static CodeSource cell(int executionCount) {
        return new CodeSource("cell [" + executionCount + "]", 1);
    }

    /** The same source, starting {@code lines} lines further down. */
    public CodeSource shiftedBy(int lines) {
        return new CodeSource(label, firstLine + lines);
    }

    /** {@code "cell [3], line 5"} for the given line of this source (1-based). */
    public String at(int line) {
        return label + ", line " + (firstLine + line - 1);
    }
}
