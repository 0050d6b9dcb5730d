package dev.jshellkernel.eval;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.UnresolvedReferenceException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Turns JShell's diagnostics and exceptions into errors a learner can read: positions are given as
 * "cell [3], line 2" (JShell numbers snippets, not cells), compile errors quote the offending line with
 * a marker under the code, and stack traces end at the user's code.
 */
final class ErrorFormatter {

    private final JShell jshell;
    private final Map<String, CodeSource> snippetSources = new ConcurrentHashMap<>();

    ErrorFormatter(JShell jshell) {
        this.jshell = jshell;
    }

    /** Records where JShell snippet {@code id} starts, for stack traces that run through it later. */
    void remember(String snippetId, CodeSource start) {
        snippetSources.put(snippetId, start);
    }

    /** A compile error for {@code snippet}, cut from {@code code}, which comes from {@code source}. */
    CellException compileError(List<Diag> errors, CellSplitter.Snippet snippet, String code, CodeSource source) {
        List<String> lines = new ArrayList<>();
        String firstMessage = null;
        for (Diag diag : errors) {
            List<String> message = messageLines(diag);
            long position = Math.max(0, diag.getStartPosition() >= 0 ? diag.getStartPosition() : diag.getPosition());
            int index = (int) Math.min(snippet.sourceOffset() + position, Math.max(0, code.length() - 1));
            String where = source.at(countLines(code, 0, index));
            if (firstMessage == null) {
                firstMessage = message.get(0) + " (" + where + ")";
            }
            lines.add("Compilation error, " + where + ": " + message.get(0));
            message.subList(1, message.size()).forEach(extra -> lines.add("  " + extra.strip()));
            lines.addAll(quote(code, index, diag));
        }
        return new CellException("CompilationError", firstMessage, lines);
    }

    /** A runtime error: the exception, its causes, and their frames down to the user's code. */
    CellException runtimeError(JShellException exception) {
        List<String> lines = new ArrayList<>();
        String name = null;
        String value = null;
        String prefix = "";
        for (Throwable current = exception; current != null; current = current.getCause()) {
            String currentName = exceptionName(current);
            String currentMessage = exceptionMessage(current);
            if (name == null) {
                name = currentName;
                value = currentMessage == null ? "" : currentMessage;
            }
            lines.add(prefix + currentName + (currentMessage == null ? "" : ": " + currentMessage));
            for (StackTraceElement frame : current.getStackTrace()) {
                lines.add("    at " + frame(frame));
            }
            prefix = "Caused by: ";
        }
        return new CellException(name, value, lines);
    }

    private String exceptionName(Throwable exception) {
        if (exception instanceof EvalException eval) {
            return eval.getExceptionClassName();
        }
        return exception instanceof UnresolvedReferenceException ? "UnresolvedReference" : exception.getClass().getName();
    }

    private String exceptionMessage(Throwable exception) {
        if (exception instanceof UnresolvedReferenceException unresolved) {
            DeclarationSnippet snippet = unresolved.getSnippet();
            String missing = jshell.unresolvedDependencies(snippet).collect(Collectors.joining(", "));
            return snippet.name() + " cannot be used until this is defined: " + missing;
        }
        return exception.getMessage();
    }

    private String frame(StackTraceElement frame) {
        String file = frame.getFileName();
        if (file == null || !file.startsWith("#")) {
            return frame.toString();
        }
        CodeSource start = snippetSources.get(file.substring(1));
        String where = start == null ? "snippet " + file : start.at(frame.getLineNumber());
        String type = frame.getClassName();
        String method = frame.getMethodName();
        String name = type.isEmpty() ? method : method.isEmpty() ? type : type + "." + method;
        return name.isEmpty() ? where : name + " (" + where + ")";
    }

    private static List<String> messageLines(Diag diag) {
        List<String> lines = new ArrayList<>();
        for (String line : diag.getMessage(Locale.ROOT).split("\\R")) {
            // JShell wraps snippets in a nameless class; "location: class" then names nothing.
            if (!line.strip().equals("location: class") && !line.isBlank()) {
                lines.add(line);
            }
        }
        if (lines.isEmpty()) {
            lines.add("error");
        }
        return lines;
    }

    /** The offending line and a {@code ^^^} marker under the code the diagnostic covers. */
    private static List<String> quote(String code, int index, Diag diag) {
        int lineStart = code.lastIndexOf('\n', index - 1) + 1;
        int lineEnd = code.indexOf('\n', index);
        if (lineEnd < 0) {
            lineEnd = code.length();
        }
        String line = code.substring(lineStart, lineEnd).stripTrailing();
        int column = index - lineStart;
        long length = diag.getEndPosition() - Math.max(diag.getStartPosition(), diag.getPosition());
        int width = (int) Math.max(1, Math.min(length, Math.max(1, line.length() - column)));
        return List.of("    " + line, "    " + " ".repeat(Math.max(0, column)) + "^".repeat(width));
    }

    /** The 1-based line of {@code index} counted from {@code from}. */
    static int countLines(String text, int from, int index) {
        int line = 1;
        for (int i = from; i < index && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
