package dev.makemore.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.makemore.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class VocabTest {

    @Test
    void lectureVocabularyIsDotThenAToZ() {
        Vocab vocab = Vocab.of(Fixtures.words());
        assertEquals(27, vocab.size());
        assertEquals(".abcdefghijklmnopqrstuvwxyz", String.join("", vocab.symbols()));
        assertArrayEquals(new int[] {5, 13, 13, 1}, vocab.encode("emma"));
    }

    @Test
    void anyCharacterSetWorksIncludingBeyondTheBasicPlane() {
        Vocab vocab = Vocab.of(List.of("zoë", "анна", "a😀"));
        assertEquals(List.of(".", "a", "o", "z", "ë", "а", "н", "😀"), vocab.symbols());
        assertEquals("анна", vocab.decode(vocab.encode("анна")));
        assertEquals(7, vocab.index("😀".codePointAt(0)));
    }

    @Test
    void dotInsideANameIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Vocab.of(List.of("st.john")));
        assertEquals(true, e.getMessage().contains("st.john"));
    }

    @Test
    void unknownCharacterIsRejected() {
        Vocab vocab = Vocab.of(List.of("abc"));
        assertThrows(IllegalArgumentException.class, () -> vocab.encode("abd"));
    }
}
