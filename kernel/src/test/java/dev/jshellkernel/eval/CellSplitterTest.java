package dev.jshellkernel.eval;

import jdk.jshell.JShell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CellSplitterTest {

    private static JShell jshell;
    private static CellSplitter splitter;

    @BeforeAll
    static void startJShell() {
        jshell = JShell.builder().executionEngine("local").build();
        splitter = new CellSplitter(jshell.sourceCodeAnalysis());
    }

    @AfterAll
    static void closeJShell() {
        jshell.close();
    }

    @Test
    void splitsStatementsDeclarationsAndImportsInOrder() {
        String cell = """
                import java.util.List;
                int x = 5;
                // a comment
                int twice(int a) {
                    return a * 2;
                }
                record Point(int x, int y) {}
                twice(x)""";
        List<CellSplitter.Snippet> snippets = splitter.split(cell);
        assertEquals(5, snippets.size());
        assertEquals("import java.util.List;", snippets.get(0).source().strip());
        assertTrue(snippets.get(2).source().contains("return a * 2;"));
        assertTrue(snippets.get(3).source().strip().startsWith("record Point"));
        assertTrue(snippets.get(4).source().strip().startsWith("twice(x)"));
    }

    @Test
    void offsetsPointBackIntoTheCell() {
        String cell = "int a = 1;\n\n  int b = a + 1;\nString s = \"x\";";
        for (CellSplitter.Snippet snippet : splitter.split(cell)) {
            assertEquals(snippet.original(), cell.substring(snippet.offset(), snippet.end()));
            String code = snippet.original().strip();
            assertEquals(cell.indexOf(code), snippet.sourceOffset(), code);
            String source = snippet.source().stripTrailing();
            assertTrue(cell.startsWith(source.endsWith(";") && !code.endsWith(";")
                    ? source.substring(0, source.length() - 1) : source, snippet.sourceOffset()), source);
        }
    }

    @Test
    void aFinalExpressionWithoutSemicolonShowsItsValue() {
        List<CellSplitter.Snippet> withValue = splitter.split("int a = 2;\na * 21");
        assertFalse(withValue.get(1).endsWithSemicolon());
        assertTrue(splitter.split("a * 21;").get(0).endsWithSemicolon());
    }

    @Test
    void anUnfinishedTailBecomesOneSnippetForTheCompilerToReport() {
        List<CellSplitter.Snippet> snippets = splitter.split("int a = 1;\nfor (int i = 0; i < 3; i++) {\n");
        assertEquals(2, snippets.size());
        assertTrue(snippets.get(1).source().contains("for (int i = 0"));
    }

    @Test
    void blankAndCommentOnlyCellsHaveNoSnippets() {
        assertEquals(List.of(), splitter.split("  \n\t\n"));
        assertEquals(List.of(), splitter.split("// nothing to run\n/* at all */"));
    }
}
