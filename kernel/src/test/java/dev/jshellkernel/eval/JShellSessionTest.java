package dev.jshellkernel.eval;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JShellSessionTest {

    private static JShellSession session;
    private static final ByteArrayOutputStream notes = new ByteArrayOutputStream();

    @BeforeAll
    static void start() {
        session = new JShellSession(List.of("import java.util.*;"),
                new PrintStream(notes, true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void close() {
        session.close();
    }

    private static JShellSession.Result run(String code, int cell) throws CellException {
        session.beginCell();
        try {
            return session.evaluate(code, CodeSource.cell(cell));
        } finally {
            session.endCell();
        }
    }

    @Test
    void theLastExpressionGivesTheObjectItself() throws CellException {
        JShellSession.Result result = run("List<Integer> xs = new ArrayList<>();\nxs.add(7);\nxs", 1);
        assertTrue(result.hasValue());
        assertEquals(List.of(7), result.value());
        assertTrue(result.value() instanceof ArrayList);
    }

    @Test
    void aTrailingSemicolonOrAStatementShowsNothing() throws CellException {
        assertFalse(run("1 + 1;", 2).hasValue());
        assertFalse(run("int unshown = 3;", 3).hasValue());
        JShellSession.Result nullValue = run("String nothing = null;\nnothing", 4);
        assertTrue(nullValue.hasValue());
        assertEquals(null, nullValue.value());
    }

    @Test
    void methodsAndClassesCanBeRedefinedInLaterCells() throws CellException {
        run("int f(int x) { return x + 1; }\nclass Box { int v() { return 1; } }", 5);
        assertEquals(2, run("f(1)", 6).value());
        run("int f(int x) { return x * 10; }\nclass Box { int v() { return 2; } }", 7);
        assertEquals(10, run("f(1)", 8).value());
        assertEquals(2, run("new Box().v()", 9).value());
    }

    @Test
    void compileErrorsNameTheCellLineAndQuoteTheCode() {
        CellException error = assertThrows(CellException.class,
                () -> run("int ok = 1;\n\nint bad = missing + ok;", 10));
        assertEquals("CompilationError", error.name());
        assertTrue(error.value().contains("cell [10], line 3"), error.value());
        String traceback = String.join("\n", error.traceback());
        assertTrue(traceback.contains("symbol:   variable missing"), traceback);
        assertTrue(traceback.contains("    int bad = missing + ok;\n              ^^^^^^^"), traceback);
    }

    @Test
    void runtimeErrorsShowTheExceptionAndFramesInCellTerms() throws CellException {
        run("int divide(int a) {\n    return a / 0;\n}", 11);
        CellException error = assertThrows(CellException.class, () -> run("int before = 1;\ndivide(before)", 12));
        assertEquals("java.lang.ArithmeticException", error.name());
        assertEquals("/ by zero", error.value());
        assertEquals(List.of("java.lang.ArithmeticException: / by zero",
                "    at divide (cell [11], line 2)",
                "    at cell [12], line 2"), error.traceback());
    }

    @Test
    void anErrorStopsTheCellButKeepsWhatRanBefore() throws CellException {
        assertThrows(CellException.class, () -> run("int kept = 41;\nObject o = null; o.hashCode();\nint lost = 1;", 13));
        assertEquals(42, run("kept + 1", 14).value());
        assertThrows(CellException.class, () -> run("lost", 15));
    }

    @Test
    void importsOnLaterLinesOfACellKeepEarlierVariables() throws CellException {
        run("String survivor = \"still here\";", 21);
        run("import java.util.regex.*;\nimport java.util.concurrent.atomic.*;", 22);
        assertEquals("still here", run("survivor", 23).value());
    }

    @Test
    void anInterruptStopsABusyLoopAndTheNextCellRuns() throws Exception {
        run("long spins = 0;", 16);
        CompletableFuture<CellException> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                run("while (true) { if (++spins == 1000) System.setProperty(\"spinning\", \"yes\"); }", 17);
                return null;
            } catch (CellException e) {
                return e;
            }
        });
        while (System.getProperty("spinning") == null) {
            Thread.onSpinWait();
        }
        session.interrupt();
        CellException stopped = outcome.get(30, TimeUnit.SECONDS);
        assertEquals("Interrupted", stopped.name());
        assertTrue((Long) run("spins", 18).value() > 0);
    }

    @Test
    void unresolvedDeclarationsGetANoteAndAClearErrorWhenUsed() throws CellException {
        run("void later() { notYetDefined(); }", 19);
        String note = notes.toString(StandardCharsets.UTF_8);
        assertTrue(note.contains("later") && note.contains("notYetDefined"), note);
        CellException error = assertThrows(CellException.class, () -> run("later()", 20));
        assertTrue(error.value().contains("notYetDefined"), error.value());
    }

    @Test
    void codeEvaluatedToBeForgottenRunsButLeavesNoNameBehind() throws CellException {
        session.evaluateAndForget("import java.util.regex.*;\nint forgotten = 1;\nint forgottenMethod() { return 2; }\n"
                + "class ForgottenClass {}\nSystem.setProperty(\"forgotten.ran\", \"yes\" + forgotten);",
                new CodeSource("warm-up", 1));
        assertEquals("yes1", System.getProperty("forgotten.ran"));
        for (String use : List.of("forgotten", "forgottenMethod()", "new ForgottenClass()", "Pattern.compile(\"a\")")) {
            CellException error = assertThrows(CellException.class, () -> run(use, 24), use);
            assertEquals("CompilationError", error.name(), use);
        }
        assertEquals(3, run("int forgotten = 3;\nforgotten", 25).value());
    }

    @Test
    void codeToBeForgottenThatFailsLeavesNoNameBehindEither() {
        assertThrows(CellException.class, () -> session.evaluateAndForget("int halfway = 1;\nint broken = nowhere;",
                new CodeSource("warm-up", 1)));
        CellException error = assertThrows(CellException.class, () -> run("halfway", 26));
        assertEquals("CompilationError", error.name());
    }

    @Test
    void completionAndCompletenessWorkOnMultiSnippetCells() {
        String code = "int a = 1;\nMath.ma";
        JShellSession.Completion completion = session.complete(code, code.length());
        assertTrue(completion.candidates().contains("max("), completion.candidates().toString());
        assertEquals(code.indexOf("ma", code.indexOf("Math")), completion.start());
        assertEquals("incomplete", session.completeness("int a = 1;\nfor (int i = 0; i < 3; i++) {"));
        assertEquals("complete", session.completeness("int a = 1;\na + 1"));
        assertEquals("invalid", session.completeness("int a = 1;\nint b = );"));
    }
}
