package dev.jshellkernel.magic;

import java.util.ArrayList;
import java.util.List;

/**
 * A cell split into its magics and its Java code. A cell magic ({@code %%time}) must be the first line
 * and applies to the rest of the cell; line magics ({@code %classpath lib/*.jar}) are the lines at the top
 * of the cell before the Java code. Only the top is searched, so a {@code %} inside a text block or on a
 * continued expression is never taken for a magic.
 *
 * @param cellMagic  the cell magic, or null
 * @param lineMagics the line magics, in order
 * @param code       the rest of the cell: Java code, or the body of the cell magic
 * @param codeLine   the line of the cell where {@code code} starts (1-based)
 */
public record MagicCell(MagicCall cellMagic, List<MagicCall> lineMagics, String code, int codeLine) {

    /** A magic's name (without {@code %}) and its arguments, split at blanks; quotes group words. */
    public record MagicCall(String name, List<String> args) {
    }

    /** Splits {@code cell}; a cell without magics comes back as its code, starting at line 1. */
    public static MagicCell parse(String cell) {
        String[] lines = cell.split("\n", -1);
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        if (first < lines.length && lines[first].stripLeading().startsWith("%%")) {
            MagicCall call = call(lines[first].stripLeading().substring(2));
            return new MagicCell(call, List.of(), join(lines, first + 1), first + 2);
        }
        List<MagicCall> magics = new ArrayList<>();
        int line = 0;
        while (line < lines.length && (lines[line].isBlank() || lines[line].stripLeading().startsWith("%"))) {
            if (!lines[line].isBlank()) {
                magics.add(call(lines[line].stripLeading().substring(1)));
            }
            line++;
        }
        return new MagicCell(null, List.copyOf(magics), join(lines, line), line + 1);
    }

    private static String join(String[] lines, int from) {
        return from >= lines.length ? "" : String.join("\n", List.of(lines).subList(from, lines.length));
    }

    private static MagicCall call(String text) {
        List<String> words = words(text);
        return words.isEmpty() ? new MagicCall("", List.of()) : new MagicCall(words.get(0), words.subList(1, words.size()));
    }

    /** Splits at blanks; single or double quotes group words (and are removed). */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (char c : text.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return List.copyOf(words);
    }
}
