package dev.makemore.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import dev.makemore.Fixtures;
import dev.makemore.LectureNumbers;
import dev.makemore.Torch;
import java.util.List;
import org.junit.jupiter.api.Test;

class SplitTest {

    @Test
    void shuffleReproducesCPythonsOrder() {
        List<String> shuffled = Split.shuffled(Fixtures.words(), 42);
        assertEquals(List.of("yuheng", "diondre", "xavien", "jori", "juanluis", "erandi", "phia", "samatha", "phoenix",
                "emmelynn"), shuffled.subList(0, 10));
        assertEquals(List.of("opal", "zaylynn", "yovani"), shuffled.subList(shuffled.size() - 3, shuffled.size()));
    }

    @Test
    void splitIs80By10By10ByWord() {
        Split split = Split.of(Fixtures.words());
        assertEquals(25_626, split.train().size());
        assertEquals(3_203, split.dev().size());
        assertEquals(3_204, split.test().size());
        assertEquals(List.of("amay", "aytana", "jenevi"), split.dev().subList(0, 3));
        assertEquals(List.of("mustafa", "reuben", "kahlel"), split.test().subList(0, 3));
    }

    @Test
    void exampleCountsAreTheLecturesForAnyBlockSize() {
        try (NDManager manager = Torch.newManager()) {
            for (int block : new int[] {1, 3, 8}) {
                Datasets d = Datasets.of(Fixtures.words(), block, manager);
                assertEquals(LectureNumbers.TRAIN_EXAMPLES, d.train().size());
                assertEquals(LectureNumbers.DEV_EXAMPLES, d.dev().size());
                assertEquals(LectureNumbers.TEST_EXAMPLES, d.test().size());
                assertEquals(block, d.train().blockSize());
            }
        }
    }

    @Test
    void contextsAreLeftPaddedWithDotsAndSlideOneCharacterAtATime() {
        List<String> words = List.of("emma", "ab");
        Vocab vocab = Vocab.of(words);
        try (NDManager manager = Torch.newManager()) {
            Examples ex = Examples.of(words, vocab, 3, manager);
            assertEquals(8, ex.size());
            String[] contexts = new String[8];
            long[] x = ex.x().toLongArray();
            for (int i = 0; i < 8; i++) {
                contexts[i] = vocab.decode((int) x[3 * i], (int) x[3 * i + 1], (int) x[3 * i + 2]);
            }
            assertArrayEquals(new String[] {"...", "..e", ".em", "emm", "mma", "...", "..a", ".ab"}, contexts);
            assertEquals("emma.ab.", vocab.decode(toInts(ex.y().toLongArray())));
        }
    }

    @Test
    void blockSizeZeroIsRejected() {
        try (NDManager manager = Torch.newManager()) {
            List<String> words = List.of("emma");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Examples.of(words, Vocab.of(words), 0, manager));
            assertEquals("block size must be at least 1, got 0", e.getMessage());
        }
    }

    private static int[] toInts(long[] v) {
        int[] r = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = (int) v[i];
        }
        return r;
    }
}
