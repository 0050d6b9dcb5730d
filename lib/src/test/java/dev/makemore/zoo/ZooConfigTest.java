package dev.makemore.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ZooConfigTest {

    @Test
    void labelsAreMakemoresTypeNames() {
        assertEquals("bigram", ZooType.BIGRAM.label());
        assertEquals("transformer", ZooType.TRANSFORMER.label());
        for (ZooType t : ZooType.values()) {
            assertEquals(t, ZooType.parse(t.label()));
        }
        assertEquals(ZooType.GRU, ZooType.parse(" GRU "));
    }

    @Test
    void parseNamesTheTypesThereAre() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ZooType.parse("cnn"));
        assertEquals("type: expected one of bigram, mlp, rnn, gru, lstm, bow, transformer, got cnn", e.getMessage());
    }

    @Test
    void defaultsAreMakemorePys() {
        ZooConfig c = ZooConfig.defaults(ZooType.TRANSFORMER, 27, 16);
        assertEquals(new ZooConfig(ZooType.TRANSFORMER, 27, 16, 4, 4, 64, 64), c);
        assertEquals(c, c.validate());
    }

    @Test
    void validateNamesTheFieldAndTheRule() {
        assertEquals("nEmbd: must be a multiple of nHead for the transformer (each head gets nEmbd / nHead channels),"
                + " got nEmbd 10 % nHead 4 = 2",
                message(new ZooConfig(ZooType.TRANSFORMER, 27, 16, 4, 4, 10, 64)));
        assertEquals("blockSize: must be >= 1, got 0", message(new ZooConfig(ZooType.MLP, 27, 0, 4, 4, 64, 64)));
        assertEquals("nEmbd2: must be >= 1, got -3", message(new ZooConfig(ZooType.RNN, 27, 16, 4, 4, 64, -3)));
        assertEquals("vocabSize: must be >= 1, got 0", message(new ZooConfig(ZooType.BIGRAM, 0, 16, 4, 4, 64, 64)));
        // only the transformer splits nEmbd into heads
        new ZooConfig(ZooType.BOW, 27, 16, 4, 4, 10, 64).validate();
    }

    private static String message(ZooConfig c) {
        return assertThrows(IllegalArgumentException.class, c::validate).getMessage();
    }
}
