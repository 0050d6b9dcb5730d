package dev.makemore.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Expected values printed by CPython 3.11's {@code random} module. */
class PyRandomTest {

    @Test
    void getrandbitsMatchesCPython() {
        PyRandom r = new PyRandom(42);
        assertEquals(List.of(2746317213L, 478163327L, 107420369L), List.of(r.getrandbits(32), r.getrandbits(32), r.getrandbits(32)));
    }

    @Test
    void randbelowMatchesCPythonRandrange() {
        PyRandom r = new PyRandom(42);
        int[] bounds = {1, 2, 3, 10, 100, 1000, 32033, Integer.MAX_VALUE};
        List<Integer> got = new ArrayList<>();
        for (int n : bounds) {
            got.add(r.randbelow(n));
        }
        assertEquals(List.of(0, 0, 2, 4, 31, 228, 4572, 1581559892), got);
    }

    @Test
    void shuffleWithASeedWiderThan32BitsMatchesCPython() {
        List<Integer> list = new ArrayList<>(IntStream.range(0, 10).boxed().toList());
        new PyRandom(12345678901L).shuffle(list);
        assertEquals(List.of(8, 7, 3, 1, 0, 4, 2, 6, 5, 9), list);
    }
}
