package dev.jshellkernel.eval;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which of the session's variables a piece of code writes, read from its text: a variable is written when
 * it is assigned ({@code big = ...}, {@code n += 1}, {@code n++}), when something inside it is assigned
 * ({@code big[i] = ...}, {@code model.w[0][1] = ...}), or when a method that fills a collection or a
 * builder is called on it ({@code xs.add(...)}, {@code counts.merge(...)}, {@code text.append(...)}). This
 * is how the kernel tells which variables a cell that ran out of memory was filling.
 *
 * <p>A plain scan of the tokens, cheap and allocation-light (it runs while the heap may be nearly full).
 * A name the code also declares inside a block or parentheses ({@code for (int i = 0; ...)}, a method's
 * local) is taken for that local, not the session's variable of the same name.
 */
final class WrittenVariables {

    /** Methods that add to what their receiver holds. */
    private static final Set<String> FILLING = Set.of("add", "addAll", "addFirst", "addLast", "append", "compute",
            "computeIfAbsent", "computeIfPresent", "insert", "merge", "offer", "offerFirst", "offerLast", "push",
            "put", "putAll", "putIfAbsent", "set");

    private static final Set<String> ASSIGNMENTS = Set.of("=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
            "<<=", ">>=", ">>>=");

    /** Operators, longest first, so that the scan takes the longest that matches. */
    private static final String[] OPERATORS = {">>>=", "<<=", ">>=", ">>>", "...", "++", "--", "+=", "-=", "*=",
            "/=", "%=", "&=", "|=", "^=", "==", "!=", "<=", ">=", "&&", "||", "->", "::", "<<", ">>"};

    /** Words that can stand before a name without declaring it ({@code return x;}). */
    private static final Set<String> NOT_TYPES = Set.of("assert", "case", "default", "do", "else", "instanceof",
            "new", "return", "throw", "yield");

    private WrittenVariables() {
    }

    /** The names among {@code variables} that {@code code} writes, in the order they first appear. */
    static Set<String> in(String code, Set<String> variables) {
        List<String> tokens = tokens(code);
        Set<String> locals = localDeclarations(tokens, variables);
        Set<String> written = new LinkedHashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (!variables.contains(token) || written.contains(token) || locals.contains(token)) {
                continue;
            }
            String before = i > 0 ? tokens.get(i - 1) : "";
            if (before.equals(".") || before.equals("::")) {
                continue; // a member of something else that happens to share the name
            }
            if (before.equals("++") || before.equals("--") || writtenAfter(tokens, i + 1)) {
                written.add(token);
            }
        }
        return written;
    }

    /** The names among {@code variables} that the code declares as locals, inside braces or parentheses. */
    private static Set<String> localDeclarations(List<String> tokens, Set<String> variables) {
        Set<String> locals = new LinkedHashSet<>();
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            switch (token) {
                case "{", "(" -> depth++;
                case "}", ")" -> depth = Math.max(0, depth - 1);
                default -> {
                    if (depth > 0 && i > 0 && i + 1 < tokens.size() && variables.contains(token)) {
                        String before = tokens.get(i - 1);
                        String after = tokens.get(i + 1);
                        boolean typed = before.equals(">") || before.equals("]")
                                || isIdentifier(before) && !NOT_TYPES.contains(before);
                        if (typed && Set.of("=", ";", ":", ",", ")").contains(after)) {
                            locals.add(token);
                        }
                    }
                }
            }
        }
        return locals;
    }

    /** Whether the variable just before {@code start} is written by the tokens from {@code start} on. */
    private static boolean writtenAfter(List<String> tokens, int start) {
        int i = start;
        while (i < tokens.size()) {
            String token = tokens.get(i);
            if (token.equals("[")) {
                i = skipBalanced(tokens, i, "[", "]");
            } else if (token.equals(".") && i + 1 < tokens.size() && isIdentifier(tokens.get(i + 1))) {
                String member = tokens.get(i + 1);
                i += 2;
                if (i < tokens.size() && tokens.get(i).equals("(")) {
                    if (FILLING.contains(member)) {
                        return true;
                    }
                    i = skipBalanced(tokens, i, "(", ")");
                }
            } else {
                return ASSIGNMENTS.contains(token) || token.equals("++") || token.equals("--");
            }
        }
        return false;
    }

    /** The index after the bracket that closes the one at {@code open}. */
    private static int skipBalanced(List<String> tokens, int open, String opening, String closing) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (token.equals(opening)) {
                depth++;
            } else if (token.equals(closing) && --depth == 0) {
                return i + 1;
            }
        }
        return tokens.size();
    }

    private static boolean isIdentifier(String token) {
        return !token.isEmpty() && Character.isJavaIdentifierStart(token.charAt(0));
    }

    /** Identifiers and operators; literals become {@code "0"}, comments and white space disappear. */
    static List<String> tokens(String code) {
        List<String> tokens = new ArrayList<>();
        int n = code.length();
        int i = 0;
        while (i < n) {
            char c = code.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (code.startsWith("//", i)) {
                int end = code.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (code.startsWith("/*", i)) {
                int end = code.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (code.startsWith("\"\"\"", i)) {
                i = skipQuoted(code, i + 3, "\"\"\"");
                tokens.add("0");
            } else if (c == '"' || c == '\'') {
                i = skipQuoted(code, i + 1, String.valueOf(c));
                tokens.add("0");
            } else if (Character.isJavaIdentifierStart(c)) {
                int start = i;
                while (i < n && Character.isJavaIdentifierPart(code.charAt(i))) {
                    i++;
                }
                tokens.add(code.substring(start, i));
            } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(code.charAt(i + 1))) {
                while (i < n && (Character.isLetterOrDigit(code.charAt(i)) || code.charAt(i) == '_'
                        || code.charAt(i) == '.')) {
                    i++;
                }
                tokens.add("0");
            } else {
                String operator = String.valueOf(c);
                for (String candidate : OPERATORS) {
                    if (code.startsWith(candidate, i)) {
                        operator = candidate;
                        break;
                    }
                }
                tokens.add(operator);
                i += operator.length();
            }
        }
        return tokens;
    }

    /** The index after the closing {@code quote}, skipping escaped characters. */
    private static int skipQuoted(String code, int from, String quote) {
        int i = from;
        while (i < code.length()) {
            if (code.charAt(i) == '\\') {
                i += 2;
            } else if (code.startsWith(quote, i)) {
                return i + quote.length();
            } else if (quote.length() == 1 && code.charAt(i) == '\n') {
                return i; // an unclosed literal ends at the line's end
            } else {
                i++;
            }
        }
        return code.length();
    }
}
