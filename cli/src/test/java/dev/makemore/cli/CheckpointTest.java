package dev.makemore.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.makemore.Numerics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint file: a round trip keeps every value, and every kind of damage is one clear message. */
class CheckpointTest {

    @TempDir
    Path dir;

    private static Checkpoint sample() {
        return new Checkpoint(ModelKind.WAVENET.defaults(), List.of(".", "a", "b", "é"), 1234,
                List.of(new Checkpoint.Tensor(new long[] {2, 3}, new float[] {1f, -2.5f, Float.MIN_VALUE, 3e38f, 0f, -0f})),
                List.of(new Checkpoint.Tensor(new long[] {1, 1, 2}, new float[] {0.25f, 7f})));
    }

    @Test
    void roundTripKeepsEveryBit() throws IOException {
        Path file = dir.resolve("a.ckpt");
        sample().save(file);
        Checkpoint back = Checkpoint.load(file);
        assertEquals(sample().hyperparameters(), back.hyperparameters());
        assertEquals(sample().vocabulary(), back.vocabulary());
        assertEquals(1234, back.step());
        assertArrayEquals(new long[] {2, 3}, back.parameters().get(0).shape());
        assertArrayEquals(sample().parameters().get(0).values(), back.parameters().get(0).values());
        assertArrayEquals(sample().buffers().get(0).values(), back.buffers().get(0).values());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void startsWithTheMagicAndVersion() throws IOException {
        Path file = dir.resolve("a.ckpt");
        sample().save(file);
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(Checkpoint.MAGIC, Arrays.copyOf(bytes, Checkpoint.MAGIC.length));
        assertEquals(Checkpoint.VERSION, ByteBuffer.wrap(bytes, Checkpoint.MAGIC.length, 4).getInt());
    }

    @Test
    void everyTruncationIsRejected() throws IOException {
        Path file = dir.resolve("a.ckpt");
        sample().save(file);
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.ckpt");
        for (int len = 0; len < bytes.length; len++) {
            Files.write(cut, Arrays.copyOf(bytes, len));
            UsageException e = assertThrows(UsageException.class, () -> Checkpoint.load(cut), "length " + len);
            assertTrue(e.getMessage().contains("cut.ckpt"), e.getMessage());
        }
    }

    @Test
    void everyFlippedByteIsRejected() throws IOException {
        Path file = dir.resolve("a.ckpt");
        sample().save(file);
        byte[] bytes = Files.readAllBytes(file);
        Path bad = dir.resolve("bad.ckpt");
        for (int i = 0; i < bytes.length; i++) {
            byte[] copy = bytes.clone();
            copy[i] ^= 0x01;
            Files.write(bad, copy);
            assertThrows(UsageException.class, () -> Checkpoint.load(bad), "flipped byte " + i);
        }
    }

    @Test
    void namesTheProblem() throws IOException {
        Path text = dir.resolve("names.txt");
        Files.writeString(text, "emma\nolivia\n");
        assertTrue(assertThrows(UsageException.class, () -> Checkpoint.load(text)).getMessage().contains("magic"));
        Path missing = dir.resolve("missing.ckpt");
        assertTrue(assertThrows(UsageException.class, () -> Checkpoint.load(missing)).getMessage().contains("does not exist"));

        Path future = dir.resolve("future.ckpt");
        sample().save(future);
        byte[] bytes = Files.readAllBytes(future);
        ByteBuffer.wrap(bytes).putInt(Checkpoint.MAGIC.length, Checkpoint.VERSION + 1);
        Files.write(future, bytes);
        assertTrue(assertThrows(UsageException.class, () -> Checkpoint.load(future)).getMessage().contains("version 2"));
    }

    @Test
    void hyperparametersSurviveTheirTextForm() {
        for (ModelKind kind : ModelKind.values()) {
            assertEquals(kind.defaults(), ModelKind.fromStored(kind.defaults().toMap()));
            assertEquals(kind.defaults().numerics(Numerics.FAST), ModelKind.fromStored(kind.defaults().numerics(Numerics.FAST).toMap()));
        }
    }

    @Test
    void aCheckpointFromBeforeTheSharedRecordReadsAsExactWithItsSettings() {
        java.util.Map<String, String> old = new java.util.LinkedHashMap<>();
        old.put("model", "wavenet");
        old.put("steps", "300");
        old.put("batch_size", "16");
        old.put("lr", "0.1");
        old.put("lr_final", "0.01");
        old.put("decay_step", "150");
        old.put("seed", "42");
        old.put("block_size", "8");
        old.put("n_embd", "24");
        old.put("n_hidden", "64");
        var h = ModelKind.fromStored(old);
        assertEquals(ModelKind.WAVENET.defaults().steps(300).batchSize(16).lr(0.1f, 0.01f, 150).nHidden(64), h);
        assertEquals(Numerics.EXACT, h.numerics());
    }
}
