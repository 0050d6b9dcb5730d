package dev.makemore.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.makemore.Fixtures;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BigramsTest {

    private final Bigrams bigrams = Bigrams.count(Fixtures.words(), Vocab.of(Fixtures.words()));

    @Test
    void topTenAreTheLectures() {
        List<String> top = bigrams.top(10).stream().map(e -> e.bigram() + " " + e.count()).toList();
        assertEquals(List.of("n. 6763", "a. 6640", "an 5438", ".a 4410", "e. 3983", "ar 3264", "el 3248", "ri 3033",
                "na 2977", ".k 2963"), top);
    }

    @Test
    void rowZeroAndSparsityAreTheLectures() {
        int[][] n = bigrams.matrix();
        assertArrayEquals(new int[] {0, 4410, 1306, 1542, 1690, 1531, 417, 669, 874, 591, 2422, 2963, 1572, 2538, 1146, 394,
                515, 92, 1639, 2055, 1308, 78, 376, 307, 134, 535, 929}, n[0]);
        long nonZero = Arrays.stream(n).flatMapToInt(Arrays::stream).filter(c -> c > 0).count();
        assertEquals(627, nonZero);
        assertEquals(228_146, Arrays.stream(n).flatMapToInt(Arrays::stream).sum());
    }
}
