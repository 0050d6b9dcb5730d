package dev.makemore.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.makemore.Torch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Java generator draws what libtorch's global generator draws, value for value. */
class TorchGeneratorTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = Torch.newManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void randintEqualsLibtorchsForSmallAndLargeRanges() {
        for (long n : new long[] {1, 27, 182_625, 1L << 24, (1L << 24) + 1, TorchGenerator.MAX_RANGE}) {
            Torch.seed(2147483647L);
            long[] torch = manager.randomInteger(0, n, new Shape(1_000), DataType.INT64).toLongArray();
            assertArrayEquals(torch, new TorchGenerator(2147483647L).randint(n, 1_000), "n = " + n);
        }
        assertThrows(IllegalArgumentException.class, () -> new TorchGenerator(1).randint(TorchGenerator.MAX_RANGE + 1, 1));
        Torch.seed(5L + (1L << 32)); // torch keeps the low 32 bits of a seed
        long[] torch = manager.randomInteger(0, 100, new Shape(10), DataType.INT64).toLongArray();
        assertArrayEquals(torch, new TorchGenerator(5L).randint(100, 10));
    }

    @Test
    void aGeneratorContinuingTheGlobalOneDrawsTheBatchesATrainingRunWouldDraw() {
        for (int[] shape : new int[][] {{27, 10}, {30, 200}, {7}, {3, 5}}) {
            Torch.seed(42);
            manager.randomNormal(new Shape(27, 24)).close(); // an initialisation
            manager.randomNormal(new Shape(java.util.Arrays.stream(shape).asLongStream().toArray())).close();
            // what the run alone draws next
            long[] alone = manager.randomInteger(0, 182_625, new Shape(64), DataType.INT64).toLongArray();

            Torch.seed(42);
            manager.randomNormal(new Shape(27, 24)).close();
            manager.randomNormal(new Shape(java.util.Arrays.stream(shape).asLongStream().toArray())).close();
            TorchGenerator own = TorchGenerator.continuing(42, 1_000_000, manager);
            assertArrayEquals(alone, own.randint(182_625, 64), "after randn " + java.util.Arrays.toString(shape));
        }
    }

    @Test
    void placingTheGlobalGeneratorPutsItWhereTheJavaStreamStands() {
        TorchGenerator ours = new TorchGenerator(7);
        ours.randint(1000, 12_345);
        TorchGenerator.placeGlobal(7, ours.position(), manager);
        assertArrayEquals(ours.randint(1000, 20), manager.randomInteger(0, 1000, new Shape(20), DataType.INT64).toLongArray());
    }

    @Test
    void aGlobalGeneratorFarFromTheSeedIsReportedNotGuessed() {
        Torch.seed(3);
        manager.randomInteger(0, 10, new Shape(5_000), DataType.INT64).close();
        assertThrows(IllegalStateException.class, () -> TorchGenerator.continuing(3, 1_000, manager));
        // the failed search drew one probe from the global stream; the next search finds the stream after it
        assertEquals(5_000 + TorchGenerator.PROBE, TorchGenerator.continuing(3, 1_000_000, manager).position());
    }

    @Test
    void randpermIsFisherYatesFromTheFront() {
        Torch.seed(3407);
        long[] torch = manager.randomPermutation(100).toLongArray();
        int[] ours = new TorchGenerator(3407).randperm(100);
        assertArrayEquals(torch, java.util.Arrays.stream(ours).asLongStream().toArray());
    }
}
