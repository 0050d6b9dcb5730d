package dev.jshellkernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The cells this kernel ran, for {@code history_request} (JupyterLab's console and up-arrow history ask
 * for it). It lives in memory only: a kernel process is one history session, numbered {@link #SESSION};
 * a restart starts an empty one. Lines are execution counts, as in IPython.
 *
 * <p>Each query returns rows ready for the reply's {@code history} list: {@code [session, line, input]},
 * or {@code [session, line, [input, output]]} when output is asked for ({@code output} is the cell's
 * {@code text/plain} result, or null when it had none). Not thread-safe: only the shell thread uses it.
 */
final class History {

    /** The number of the only session this kernel knows (the current one). */
    static final int SESSION = 1;

    private static final class Entry {
        final int line;
        final String input;
        String output;

        Entry(int line, String input) {
            this.line = line;
            this.input = input;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    /** Records a cell about to run with execution count {@code line}. */
    void record(int line, String input) {
        entries.add(new Entry(line, input));
    }

    /** Records the {@code text/plain} result of the cell with execution count {@code line}. */
    void recordOutput(int line, String output) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).line == line) {
                entries.get(i).output = output;
                return;
            }
        }
    }

    /** The last {@code n} cells, oldest first; none when {@code n <= 0}. */
    List<List<Object>> tail(int n, boolean withOutput) {
        int from = Math.max(0, entries.size() - Math.max(0, n));
        return rows(entries.subList(from, entries.size()), withOutput);
    }

    /**
     * The cells of {@code session} (0 and {@link #SESSION} both mean this one; other sessions are empty)
     * with {@code start <= line < stop}, or {@code start <= line} when {@code stop <= 0} (IPython's rule).
     */
    List<List<Object>> range(int session, int start, int stop, boolean withOutput) {
        if (session != 0 && session != SESSION) {
            return List.of();
        }
        List<Entry> selected = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.line >= start && (stop <= 0 || entry.line < stop)) {
                selected.add(entry);
            }
        }
        return rows(selected, withOutput);
    }

    /**
     * The cells whose whole input matches the glob {@code pattern} ({@code *} any text, {@code ?} one
     * character, as IPython's search). At most the last {@code n} of them ({@code n <= 0}: all), oldest
     * first; with {@code unique}, each input only once, at its latest run.
     */
    List<List<Object>> search(String pattern, int n, boolean unique, boolean withOutput) {
        Pattern glob = glob(pattern == null ? "*" : pattern);
        List<Entry> newestFirst = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = entries.size() - 1; i >= 0 && (n <= 0 || newestFirst.size() < n); i--) {
            Entry entry = entries.get(i);
            if (glob.matcher(entry.input).matches() && (!unique || seen.add(entry.input))) {
                newestFirst.add(entry);
            }
        }
        Collections.reverse(newestFirst);
        return rows(newestFirst, withOutput);
    }

    private static List<List<Object>> rows(List<Entry> selected, boolean withOutput) {
        List<List<Object>> rows = new ArrayList<>(selected.size());
        for (Entry entry : selected) {
            Object cell = withOutput
                    ? Arrays.asList(entry.input, entry.output)
                    : entry.input;
            rows.add(Arrays.asList(SESSION, entry.line, cell));
        }
        return rows;
    }

    /** {@code *} and {@code ?} are wildcards, everything else is literal; the whole input must match. */
    static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
