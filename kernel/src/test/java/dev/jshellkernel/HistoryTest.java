package dev.jshellkernel;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryTest {

    private static final int S = History.SESSION;

    private History history;

    @BeforeEach
    void fourCells() {
        history = new History();
        history.record(1, "int x = 6;");
        history.record(2, "x * 7");
        history.recordOutput(2, "42");
        history.record(3, "x * 7");
        history.recordOutput(3, "42");
        history.record(5, "System.out.println(x);");
    }

    private static List<Object> row(int line, Object cell) {
        return Arrays.asList(S, line, cell);
    }

    @Test
    void tailIsTheLastCellsOldestFirst() {
        assertEquals(List.of(row(3, "x * 7"), row(5, "System.out.println(x);")), history.tail(2, false));
        assertEquals(4, history.tail(10, false).size());
        assertEquals(List.of(), history.tail(0, false));
    }

    @Test
    void outputIsTheTextResultOrNull() {
        assertEquals(List.of(row(2, Arrays.asList("x * 7", "42")),
                        row(3, Arrays.asList("x * 7", "42")),
                        row(5, Arrays.asList("System.out.println(x);", null))),
                history.tail(3, true));
    }

    @Test
    void rangeIsStartInclusiveStopExclusiveInTheCurrentSession() {
        assertEquals(List.of(row(2, "x * 7"), row(3, "x * 7")), history.range(S, 2, 5, false));
        assertEquals(List.of(row(3, "x * 7"), row(5, "System.out.println(x);")), history.range(0, 3, 0, false));
        assertEquals(List.of(), history.range(S + 1, 1, 0, false));
        assertEquals(List.of(), history.range(-1, 1, 0, false));
    }

    @Test
    void searchMatchesTheWholeInputAsAGlob() {
        assertEquals(List.of(row(2, "x * 7"), row(3, "x * 7")), history.search("x*7", 0, false, false));
        assertEquals(List.of(row(1, "int x = 6;")), history.search("int ? = ?;", 0, false, false));
        assertEquals(List.of(), history.search("x", 0, false, false)); // not a substring search
        assertEquals(4, history.search("*", 0, false, false).size());
    }

    @Test
    void searchKeepsTheLastNAndUniqueKeepsTheLatestRun() {
        assertEquals(List.of(row(3, "x * 7"), row(5, "System.out.println(x);")), history.search("*", 2, false, false));
        assertEquals(List.of(row(3, "x * 7")), history.search("x*7", 0, true, false));
        assertEquals(List.of(row(1, "int x = 6;"), row(3, "x * 7"), row(5, "System.out.println(x);")),
                history.search("*", 0, true, false));
    }

    @Test
    void globCharactersOtherThanStarAndQuestionMarkAreLiteral() {
        assertTrue(History.glob("a.b(c)+[d]").matcher("a.b(c)+[d]").matches());
        assertFalse(History.glob("a.b").matcher("axb").matches());
        assertTrue(History.glob("line*end").matcher("line\nmiddle\nend").matches());
    }
}
