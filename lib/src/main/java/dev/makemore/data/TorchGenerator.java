package dev.makemore.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.makemore.Torch;

/**
 * PyTorch's CPU random generator, the part that draws integers, in Java: {@code torch.manual_seed(s)} seeds an
 * MT19937 with {@code init_genrand(s mod 2^32)}; {@code torch.randint(0, n, ...)} with {@code n < 2^32} takes one
 * 32-bit output per value, {@code output % n}; {@code random64} joins two outputs, the first as the high half.
 *
 * <p>A training run draws its minibatches with {@code randint} from torch's one global generator. Runs trained side
 * by side would interleave their draws there, so each run of a sweep draws from a {@code TorchGenerator} of its
 * own instead, placed where the global stream stood when the run's batches began ({@link #continuing}): the same
 * numbers the run draws when it trains alone. {@code TorchGeneratorTest} checks every draw against libtorch's.
 */
public final class TorchGenerator {

    private final long seed;
    private final Mt19937 mt = new Mt19937();

    /** {@code torch.manual_seed(seed)}: a generator at the start of that seed's stream. */
    public TorchGenerator(long seed) {
        this.seed = seed;
        mt.initGenrand((int) seed);
    }

    /** The seed. */
    public long seed() {
        return seed;
    }

    /** 32-bit outputs drawn since seeding: the generator's position in its stream. */
    public long position() {
        return mt.drawn();
    }

    /** One 32-bit output, unsigned ({@code CPUGeneratorImpl::random}). */
    public long random() {
        return mt.nextUint32();
    }

    /** Two outputs joined, the first as the high 32 bits ({@code CPUGeneratorImpl::random64}). */
    public long random64() {
        long hi = mt.nextUint32();
        long lo = mt.nextUint32();
        return (hi << 32) | lo;
    }

    /** Skips {@code outputs} 32-bit outputs. */
    public TorchGenerator skip(long outputs) {
        for (long i = 0; i < outputs; i++) {
            mt.nextUint32();
        }
        return this;
    }

    /** Ranges up to this take one 32-bit output per value (measured against libtorch 2.7.1; at 2^28 and above it takes two). */
    public static final long MAX_RANGE = 1L << 25;

    /** The probes' range: one output each. */
    static final long SMALL_RANGE = 1L << 24;

    /**
     * {@code torch.randint(0, n, (count,))}: each value one 32-bit output modulo {@code n}.
     *
     * @throws IllegalArgumentException unless {@code 0 < n <= 2^25}, the ranges measured to draw that way
     */
    public long[] randint(long n, int count) {
        if (n <= 0 || n > MAX_RANGE) {
            throw new IllegalArgumentException("randint is emulated for 0 < n <= " + MAX_RANGE + ", got " + n);
        }
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = mt.nextUint32() % n;
        }
        return out;
    }

    /** {@code torch.randperm(n)} on the CPU: Fisher-Yates from the front, swapping {@code i} with {@code i + random() % (n - i)}. */
    public int[] randperm(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        for (int i = 0; i < n - 1; i++) {
            int z = (int) (mt.nextUint32() % (n - i));
            int t = r[i];
            r[i] = r[z + i];
            r[z + i] = t;
        }
        return r;
    }

    /** Probe values drawn from the global generator to find its position; each pins down 24 bits. */
    static final int PROBE = 4;

    /**
     * A generator at the position torch's global generator has now, given that it was last seeded with
     * {@code seed} and has since drawn at most {@code maxOutputs} 32-bit outputs (a model's initialisation).
     * It draws {@value #PROBE} values from the global generator to find where it stands (the global stream moves
     * on by those), and returns a generator that continues from before them: its next {@code randint} is the one
     * the global generator would have given.
     *
     * @throws IllegalStateException if the probe is not found within {@code maxOutputs} (the generator was
     *     reseeded or used for other draws than assumed)
     */
    public static TorchGenerator continuing(long seed, long maxOutputs, NDManager manager) {
        long[] probe;
        try (NDArray drawn = manager.randomInteger(0, SMALL_RANGE, new Shape(PROBE), DataType.INT64)) {
            probe = drawn.toLongArray();
        }
        TorchGenerator scan = new TorchGenerator(seed);
        long[] window = new long[PROBE];
        for (int i = 0; i < PROBE; i++) {
            window[i] = scan.random() % SMALL_RANGE;
        }
        for (long at = 0; at <= maxOutputs; at++) {
            boolean match = true;
            for (int i = 0; i < PROBE && match; i++) {
                match = window[(int) ((at + i) % PROBE)] == probe[i];
            }
            if (match) {
                return new TorchGenerator(seed).skip(at);
            }
            window[(int) (at % PROBE)] = scan.random() % SMALL_RANGE;
        }
        throw new IllegalStateException("torch's global generator is not within " + maxOutputs
                + " draws of seed " + seed + "'s start");
    }

    /**
     * Moves torch's global generator to {@code position} outputs into {@code seed}'s stream, where a run trained
     * alone would have left it: seeds it and draws that many values natively (in chunks), so cells that sample
     * after a sweep draw what they would have drawn after the same runs one by one.
     */
    public static void placeGlobal(long seed, long position, NDManager manager) {
        Torch.seed(seed);
        long left = position;
        while (left > 0) {
            int chunk = (int) Math.min(left, 1 << 20);
            manager.randomInteger(0, SMALL_RANGE, new Shape(chunk), DataType.INT64).close(); // one output each
            left -= chunk;
        }
    }
}
