package dev.makemore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class NotebookTest {

    @Test
    void maxStepsIsUnlimitedUnlessSet() {
        assertEquals(Integer.MAX_VALUE, Notebook.maxSteps(null));
        assertEquals(Integer.MAX_VALUE, Notebook.maxSteps(" "));
        assertEquals(2000, Notebook.maxSteps("2000"));
        assertEquals(2000, Notebook.maxSteps(" 2000 "));
    }

    @Test
    void aBadMaxStepsNamesTheVariable() {
        for (String bad : new String[] {"0", "-5", "lots", "1e5"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Notebook.maxSteps(bad));
            assertTrue(e.getMessage().contains("MAKEMORE_MAX_STEPS"), e.getMessage());
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void reportPutsOursBesideTheLectureWithTheDifference() {
        Table t = Notebook.report("unit", List.of(
                Notebook.row("val loss", 2.0, 1.9937),
                Notebook.row("params", 76579, Double.NaN)));
        assertEquals(2, t.rowCount());
        assertEquals("val loss", t.stringColumn("metric").get(0));
        assertEquals(2.0 - 1.9937, t.doubleColumn("difference").getDouble(0), 1e-12);
        assertTrue(t.doubleColumn("difference").isMissing(1), "no lecture number: no difference");
    }
}
