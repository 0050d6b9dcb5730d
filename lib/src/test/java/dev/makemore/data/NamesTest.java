package dev.makemore.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.makemore.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamesTest {

    @TempDir
    Path dir;

    @Test
    void lectureFileHas32033NamesFromEmmaToZzyzx() {
        List<String> words = Fixtures.words();
        assertEquals(32_033, words.size());
        assertEquals(List.of("emma", "olivia", "ava"), words.subList(0, 3));
        assertEquals("zzyzx", words.get(words.size() - 1));
    }

    @Test
    void trimsLinesAndSkipsBlankOnes() throws IOException {
        Path file = write("names.txt", "\uFEFFemma\r\n  olivia \n\n\t\nava");
        assertEquals(List.of("emma", "olivia", "ava"), Names.load(file));
    }

    @Test
    void emptyFileIsRejectedNamingTheFile() throws IOException {
        Path file = write("empty.txt", "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Names.load(file));
        assertTrue(e.getMessage().contains("no names") && e.getMessage().contains("empty.txt"), e.getMessage());
    }

    @Test
    void blankOnlyFileIsRejected() throws IOException {
        Path file = write("blank.txt", "\n   \n\t\n");
        assertThrows(IllegalArgumentException.class, () -> Names.load(file));
    }

    @Test
    void missingFileIsRejectedNamingTheFile() {
        Path file = dir.resolve("nope.txt");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Names.load(file));
        assertTrue(e.getMessage().contains("not found") && e.getMessage().contains("nope.txt"), e.getMessage());
    }

    @Test
    void invalidUtf8IsRejectedNamingTheFile() throws IOException {
        Path file = dir.resolve("latin1.txt");
        Files.write(file, new byte[] {'z', 'o', (byte) 0xEB, '\n'});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Names.load(file));
        assertTrue(e.getMessage().contains("UTF-8") && e.getMessage().contains("latin1.txt"), e.getMessage());
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
