package dev.jshellkernel.eval;

import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a cell into the snippets JShell evaluates one at a time (statements, declarations, imports),
 * using JShell's own parser, and remembers where each starts so errors can point into the cell.
 */
public final class CellSplitter {

    private final SourceCodeAnalysis analysis;

    public CellSplitter(SourceCodeAnalysis analysis) {
        this.analysis = analysis;
    }

    /**
     * One snippet of a cell.
     *
     * @param source       what to give {@code JShell.eval}: the snippet's code from its first non-blank
     *                     character (JShell may also add the {@code ;} Java needs)
     * @param offset       where the snippet's stretch of the cell starts (blank lines and comments before it
     *                     included)
     * @param original     that stretch of the cell; an unfinished tail (an open brace) is passed to JShell as
     *                     it is, which then reports it as a compile error
     * @param sourceOffset where {@code source} starts in the cell, so positions in it map back to the cell
     */
    public record Snippet(String source, int offset, String original, int sourceOffset) {

        /** True when the snippet's own text ends in a semicolon: its value is then not shown. */
        public boolean endsWithSemicolon() {
            return original.strip().endsWith(";");
        }

        /** The offset just past the snippet's stretch of the cell. */
        public int end() {
            return offset + original.length();
        }
    }

    /** Splits {@code code}; blank and comment-only stretches produce no snippet. */
    public List<Snippet> split(String code) {
        List<Snippet> snippets = new ArrayList<>();
        String remaining = code;
        int offset = 0;
        while (!remaining.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (info.completeness() == Completeness.EMPTY) {
                break;
            }
            if (info.source() == null || !info.completeness().isComplete() && info.remaining().isBlank()) {
                snippets.add(snippet(remaining, offset, remaining));
                break;
            }
            int consumed = remaining.length() - info.remaining().length();
            snippets.add(snippet(info.source(), offset, remaining.substring(0, consumed)));
            offset += consumed;
            remaining = info.remaining();
        }
        return snippets;
    }

    /**
     * A snippet whose source starts at its first non-blank character. JShell gets no leading blank lines:
     * it numbers lines from the first non-blank character anyway, and an import evaluated with a leading
     * line break makes JDK 17's JShell re-run earlier variable declarations, resetting them to null.
     */
    private static Snippet snippet(String source, int offset, String original) {
        String body = source.endsWith(";") && !original.contains(source) ? source.substring(0, source.length() - 1) : source;
        int start = original.indexOf(body);
        String trimmed = source.stripLeading();
        int sourceStart = start >= 0
                ? start + source.length() - trimmed.length()
                : original.length() - original.stripLeading().length();
        return new Snippet(trimmed, offset, original, offset + sourceStart);
    }
}
