package dev.jshellkernel.magic;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class MagicCellTest {

    @Test
    void aCellWithoutMagicsIsAllCode() {
        MagicCell cell = MagicCell.parse("int x = 1;\nx");
        assertNull(cell.cellMagic());
        assertEquals(List.of(), cell.lineMagics());
        assertEquals("int x = 1;\nx", cell.code());
        assertEquals(1, cell.codeLine());
    }

    @Test
    void lineMagicsAtTheTopAreSplitOffWithTheirArguments() {
        MagicCell cell = MagicCell.parse("\n%classpath lib/*.jar \"my dir/x.jar\"\n%lsmagic\nint x = 1;\nint y = 10 %\n 3;");
        assertEquals(List.of(
                new MagicCell.MagicCall("classpath", List.of("lib/*.jar", "my dir/x.jar")),
                new MagicCell.MagicCall("lsmagic", List.of())), cell.lineMagics());
        // The "%" continuing an expression further down is Java, not a magic.
        assertEquals("int x = 1;\nint y = 10 %\n 3;", cell.code());
        assertEquals(4, cell.codeLine());
    }

    @Test
    void aCellMagicTakesTheRestOfTheCellAsItsBody() {
        MagicCell cell = MagicCell.parse("%%time\n%load setup.jsh\nThread.sleep(10);");
        assertEquals(new MagicCell.MagicCall("time", List.of()), cell.cellMagic());
        assertEquals("%load setup.jsh\nThread.sleep(10);", cell.code());
        assertEquals(2, cell.codeLine());
    }

    @Test
    void wordsHonourQuotes() {
        assertEquals(List.of("a", "b c", "", "d'e"), MagicCell.words(" a 'b c' \"\" \"d'e\" "));
    }

    @Test
    void durationsAreReadable() {
        assertEquals("850 µs", CellRunner.duration(850_000));
        assertEquals("12.3 ms", CellRunner.duration(12_345_678));
        assertEquals("4.56 s", CellRunner.duration(4_561_000_000L));
        assertEquals("123 s", CellRunner.duration(123_400_000_000L));
    }
}
