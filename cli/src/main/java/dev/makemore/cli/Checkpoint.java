package dev.makemore.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.makemore.Hyperparameters;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A training run on disk: hyperparameters, vocabulary, the step reached, and every parameter and buffer
 * (BatchNorm running statistics) of the model, in the model's order.
 *
 * <p>Format (big-endian, {@link DataOutputStream}): the 8 bytes {@code MMCKPT\r\n}, format version (int),
 * the hyperparameters as a count and UTF key/value pairs, the vocabulary as a count and UTF symbols, the
 * step (int), the parameter count and buffer count (ints), then each tensor as rank, dims (longs) and
 * float32 values; last, a CRC32 of all preceding bytes (long). The checksum catches a truncated or
 * damaged file; the {@code \r\n} in the magic catches text-mode mangling.
 *
 * <p>The random generator's position is not stored, because libtorch does not expose it through DJL; it is
 * recomputed instead: a run's draws are the initial weights, then one {@code randint} per step, so
 * re-seeding, rebuilding the model and redrawing {@code step} minibatch indices puts the generator exactly
 * where it was. Resuming is therefore bit-exact.
 *
 * @param settings the run's settings as text: a lecture model's {@link Hyperparameters#toMap()}, or for a run of
 *     makemore.py's program ({@link #isMakemore()}) its {@code MakemoreSettings.toMap()} plus {@code program=makemore}
 * @param vocabulary the symbols in index order ({@code '.'} first)
 * @param step steps done
 * @param parameters the trainable tensors, in {@code model.parameters()} order
 * @param buffers the non-trainable state, in {@code model.buffers()} order
 */
public record Checkpoint(Map<String, String> settings, List<String> vocabulary, int step,
        List<Tensor> parameters, List<Tensor> buffers) {

    /** The settings key that marks a run of makemore.py's program. */
    static final String PROGRAM = "program";

    /** A checkpoint of a lecture model. */
    public Checkpoint(Hyperparameters hyperparameters, List<String> vocabulary, int step, List<Tensor> parameters,
            List<Tensor> buffers) {
        this(hyperparameters.toMap(), vocabulary, step, parameters, buffers);
    }

    /** Whether this is a run of makemore.py's program rather than of a lecture model. */
    public boolean isMakemore() {
        return "makemore".equals(settings.get(PROGRAM));
    }

    /**
     * The lecture model's settings.
     *
     * @throws UsageException for a checkpoint of makemore.py's program
     */
    public Hyperparameters hyperparameters() {
        if (isMakemore()) {
            throw new UsageException("this checkpoint holds a " + settings.get("type") + " run of makemore.py's program "
                    + "(train it with -o DIR --resume)");
        }
        return ModelKind.fromStored(settings);
    }

    /** The file signature. */
    static final byte[] MAGIC = "MMCKPT\r\n".getBytes(StandardCharsets.US_ASCII);

    /** The format version this code writes and reads. */
    public static final int VERSION = 1;

    /**
     * A tensor's shape and float32 values.
     *
     * @param shape the dims
     * @param values row-major values
     */
    public record Tensor(long[] shape, float[] values) {

        /** Copies an array's shape and values out of native memory. */
        public static Tensor of(NDArray array) {
            return new Tensor(array.getShape().getShape(), array.toType(DataType.FLOAT32, false).toFloatArray());
        }

        /** The shape as {@code (a, b)} for messages. */
        public String shapeText() {
            return Arrays.toString(shape).replace('[', '(').replace(']', ')');
        }
    }

    /**
     * Writes the checkpoint atomically: to a temporary file in the same directory, then renamed over
     * {@code file}, so a crash or Ctrl-C never leaves a half-written checkpoint under the real name.
     */
    public void save(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                out.write(encode());
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private byte[] encode() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(MAGIC);
        out.writeInt(VERSION);
        Map<String, String> h = settings;
        out.writeInt(h.size());
        for (Map.Entry<String, String> e : h.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
        out.writeInt(vocabulary.size());
        for (String s : vocabulary) {
            out.writeUTF(s);
        }
        out.writeInt(step);
        out.writeInt(parameters.size());
        out.writeInt(buffers.size());
        for (Tensor t : concat(parameters, buffers)) {
            out.writeInt(t.shape().length);
            for (long d : t.shape()) {
                out.writeLong(d);
            }
            for (float v : t.values()) {
                out.writeFloat(v);
            }
        }
        out.flush();
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        out.writeLong(crc.getValue());
        return bytes.toByteArray();
    }

    /**
     * Reads a checkpoint.
     *
     * @throws UsageException with one line naming the file and what is wrong with it
     */
    public static Checkpoint load(Path file) {
        byte[] bytes;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            bytes = in.readAllBytes();
        } catch (NoSuchFileException e) {
            throw new UsageException("checkpoint " + file + " does not exist");
        } catch (IOException e) {
            throw new UsageException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new UsageException(file + " is not a makemore checkpoint (wrong magic bytes)");
        }
        try {
            return decode(bytes, file);
        } catch (EOFException e) {
            throw new UsageException("checkpoint " + file + " is truncated (" + bytes.length + " bytes)", e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof UsageException u) {
                throw u;
            }
            throw new UsageException("checkpoint " + file + " is corrupt: " + e.getMessage(), e);
        }
    }

    private static Checkpoint decode(byte[] bytes, Path file) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        in.skipNBytes(MAGIC.length);
        int version = in.readInt();
        if (version != VERSION) {
            throw new UsageException("checkpoint " + file + " has format version " + version
                    + "; this makemore reads version " + VERSION);
        }
        if (bytes.length < MAGIC.length + 4 + 8) {
            throw new EOFException();
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        long stored = new DataInputStream(new ByteArrayInputStream(bytes, bytes.length - 8, 8)).readLong();
        if (stored != crc.getValue()) {
            throw new UsageException("checkpoint " + file + " is truncated or corrupt (checksum mismatch)");
        }
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = count(in, "hyperparameter"); i > 0; i--) {
            h.put(in.readUTF(), in.readUTF());
        }
        List<String> vocab = new ArrayList<>();
        for (int i = count(in, "vocabulary"); i > 0; i--) {
            vocab.add(in.readUTF());
        }
        int step = in.readInt();
        int nParams = count(in, "parameter");
        int nBuffers = count(in, "buffer");
        List<Tensor> tensors = new ArrayList<>();
        for (int i = 0; i < nParams + nBuffers; i++) {
            long[] shape = new long[in.readInt()];
            long size = 1;
            for (int d = 0; d < shape.length; d++) {
                shape[d] = in.readLong();
                size *= shape[d];
            }
            if (shape.length > 8 || size < 0 || size > bytes.length / 4) {
                throw new UsageException("checkpoint " + file + " is corrupt: tensor " + i + " has shape "
                        + Arrays.toString(shape));
            }
            float[] values = new float[(int) size];
            for (int k = 0; k < values.length; k++) {
                values[k] = in.readFloat();
            }
            tensors.add(new Tensor(shape, values));
        }
        if (!"makemore".equals(h.get(PROGRAM))) {
            ModelKind.fromStored(h); // a malformed lecture checkpoint is reported here
        }
        return new Checkpoint(java.util.Collections.unmodifiableMap(h), List.copyOf(vocab), step,
                List.copyOf(tensors.subList(0, nParams)), List.copyOf(tensors.subList(nParams, tensors.size())));
    }

    private static int count(DataInputStream in, String what) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1_000_000) {
            throw new IOException("bad " + what + " count " + n);
        }
        return n;
    }

    private static List<Tensor> concat(List<Tensor> a, List<Tensor> b) {
        List<Tensor> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
