package dev.makemore.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Any word list, read as makemore.py reads it, Unicode and all; every bad file is one line naming it. */
class WordListTest {

    @TempDir
    Path dir;

    private Path file(String name, byte[] bytes) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void swedishFrenchAndAnAstralCharacterRoundTrip() throws Exception {
        Path p = file("words.txt", "  åsa\nélodie\n\nZoë \n𝒜bc\n".getBytes(StandardCharsets.UTF_8));
        WordList w = WordList.load(p);
        assertEquals(List.of("åsa", "élodie", "Zoë", "𝒜bc"), w.words());
        assertTrue(w.chars().contains("𝒜") && w.chars().contains("å") && w.chars().contains("ë"), w.chars().toString());
        assertEquals(6, w.maxLength(), "élodie: six characters");
        for (String word : w.words()) {
            assertEquals(word, w.decode(w.encode(word)));
        }
        // sorted by code point, as Python sorts a str's characters: 'Z' < 'a' < 'å' < 'ë' < '𝒜'
        List<Integer> cps = w.chars().stream().map(s -> s.codePointAt(0)).toList();
        assertEquals(cps.stream().sorted().toList(), cps);
        assertEquals(w.chars().size() + 1, w.vocabSize());
    }

    @Test
    void latin1FilesReadWithTheirEncoding() throws Exception {
        Path p = file("latin1.txt", "café\nnaïve\n".getBytes(StandardCharsets.ISO_8859_1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WordList.load(p));
        assertTrue(e.getMessage().contains("latin1.txt line 1") && e.getMessage().contains("--encoding"), e.getMessage());
        assertEquals(List.of("café", "naïve"), WordList.load(p, StandardCharsets.ISO_8859_1, 64, 1000).words());
    }

    @Test
    void badFilesAreOneLineNamingFileAndLine() throws Exception {
        assertMessage(dir.resolve("missing.txt"), "missing.txt does not exist");
        assertMessage(file("empty.txt", new byte[0]), "empty.txt is empty");
        assertMessage(file("blank.txt", "\n \n".getBytes()), "holds no words");
        assertMessage(file("binary.bin", new byte[] {'a', 'b', 0, 1, 2}), "looks binary");
        assertMessage(file("bad.txt", new byte[] {'o', 'k', '\n', 'a', (byte) 0xC3, '\n'}), "bad.txt line 2");
        assertMessage(file("long.txt", ("ok\n" + "x".repeat(100) + "\n").getBytes()), "long.txt line 2: a word of 100 characters");
        StringBuilder many = new StringBuilder();
        for (int cp = 0x4E00; cp < 0x4E00 + 1_200; cp++) {
            many.appendCodePoint(cp).append('\n');
        }
        assertMessage(file("cjk.txt", many.toString().getBytes(StandardCharsets.UTF_8)), "1200 distinct characters");
    }

    private static void assertMessage(Path p, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WordList.load(p));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void examplesAreStartTokenThenWordAndTargetsEndWithTheEndTokenThenMinusOne() throws Exception {
        WordList w = WordList.load(file("w.txt", "emma\nbo\nxavier\n".getBytes()));
        CharDataset d = CharDataset.of(List.of("emma", "bo"), w);
        assertEquals(7, d.width());
        int e = w.encode("e")[0], m = w.encode("m")[0], a = w.encode("a")[0];
        assertArrayEquals(new long[] {0, e, m, m, a, 0, 0}, java.util.Arrays.copyOfRange(d.x(), 0, 7));
        assertArrayEquals(new long[] {e, m, m, a, 0, -1, -1}, java.util.Arrays.copyOfRange(d.y(), 0, 7));
        assertArrayEquals(java.util.Arrays.copyOfRange(d.y(), 7, 14), d.gather(new long[] {1}, true));
    }

    @Test
    void theSplitIsTorchsRandpermWithATenthForTheTest() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            sb.append("w").append((char) ('a' + i)).append('\n');
        }
        WordList w = WordList.load(file("w.txt", sb.toString().getBytes()));
        List<List<String>> s = CharDataset.split(w, new TorchGenerator(3407));
        assertEquals(23, s.get(0).size());
        assertEquals(2, s.get(1).size());
        int[] rp = new TorchGenerator(3407).randperm(25);
        assertEquals(w.words().get(rp[24]), s.get(1).get(1));
        assertThrows(IllegalArgumentException.class,
                () -> CharDataset.split(WordList.load(file("few.txt", "a\nb\n".getBytes())), new TorchGenerator(1)));
    }
}
