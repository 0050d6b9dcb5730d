package dev.makemore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
                Notebook.row("params", 76579, Double.NaN)), dev.makemore.train.LectureRun.WAVENET.settings());
        assertEquals(2, t.rowCount());
        assertEquals("val loss", t.stringColumn("metric").get(0));
        assertEquals(2.0 - 1.9937, t.doubleColumn("difference").getDouble(0), 1e-12);
        assertTrue(t.doubleColumn("difference").isMissing(1), "no lecture number: no difference");
    }

    @Test
    void agreementCountsTheDecimalsAReaderWouldSeeMatch() {
        assertEquals("same float", Notebook.agreement(2.0376641750335693, 2.0376641750335693));
        assertEquals("same float", Notebook.agreement((float) 2.0376641750335693, 2.0376641750335693));
        // the Intel-path Kaiming MLP: 2.0376647 against the lecture's bits
        assertEquals("5 decimals", Notebook.agreement(2.0376647, 2.0376641750335693));
        assertEquals("4 decimals", Notebook.agreement(2.45436, 2.4544));
        assertEquals("1 decimal", Notebook.agreement(2.12, 2.07));
        assertEquals("differs", Notebook.agreement(2.5, 2.0));
        assertEquals("", Notebook.agreement(76_579, Double.NaN));
    }

    @Test
    void reportTitleNamesTheNumericPathAndWhatToExpect() {
        NumericPath intel = new NumericPath("amd64", "d2a3a972", "9da60c80", "2152ff39");
        Table t = Notebook.report("unit", List.of(Notebook.row("train loss", 2.0376647, 2.0376641750335693)), intel, Numerics.EXACT, List.of());
        assertTrue(t.name().contains("oneMKL Intel AVX-512"), t.name());
        assertTrue(t.name().contains("expected to the printed precision"), t.name());
        assertEquals("5 decimals", t.stringColumn("agrees to").get(0));
        NumericPath reference = new NumericPath("amd64", "1da9823b", "3dfbce58", "2152ff39");
        assertTrue(Notebook.report("unit", List.of(), reference, Numerics.EXACT, List.of()).name().contains("expected bit for bit"));
        String fast = Notebook.report("unit", List.of(), reference, Numerics.FAST, List.of()).name();
        assertTrue(fast.contains("numerics FAST") && !fast.contains("bit for bit"), "FAST never promises the lecture's bits: " + fast);
        String ownLoop = Notebook.report("unit", List.of(), reference, null, List.of()).name();
        assertTrue(ownLoop.contains("expected bit for bit") && !ownLoop.contains("numerics"), ownLoop);
    }

    @Test
    void reportNamesTheKnobsARunChangedAndSaysTheLecturesNumbersNoLongerApply() {
        var hp = dev.makemore.train.LectureRun.WAVENET.settings().nHidden(100).blockSize(16);
        String title = Notebook.report("unit", List.of(), hp).name();
        assertTrue(title.contains("nHidden 128 → 100") && title.contains("blockSize 8 → 16"), title);
        assertTrue(title.contains("not expected to match"), title);
        String lecture = Notebook.report("unit", List.of(), dev.makemore.train.LectureRun.WAVENET.settings()).name();
        assertFalse(lecture.contains("Changed"), lecture);
        String own = Notebook.report("unit", List.of(), List.of(Knob.of("smoothing", 1, 5), Knob.of("seed", 42L, 42L))).name();
        assertTrue(own.contains("smoothing 1 → 5") && !own.contains("seed 42"), own);
        var conv = dev.makemore.train.LectureRun.WAVENET.settings().numerics(Numerics.FAST);
        assertThrows(IllegalArgumentException.class, () -> Notebook.report("unit", List.of(),
                dev.makemore.train.LectureRun.WAVENET.settings(), conv), "one notebook, one numerics");
    }

    @Test
    void aNotebooksNumericsChoiceStandsUnlessTheEnvironmentOverridesIt() {
        String env = System.getenv(Notebook.NUMERICS_ENV);
        Numerics expected = env == null || env.isBlank() ? Numerics.FAST : Numerics.parse(env);
        assertEquals(expected, Notebook.numerics(Numerics.FAST));
        Notebook.numerics(Numerics.EXACT);
    }
}
