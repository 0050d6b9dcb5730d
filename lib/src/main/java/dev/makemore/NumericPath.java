package dev.makemore;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Which numeric path this process computes on, found by computing rather than by reading the CPU's name.
 *
 * <p>The lectures' digits are a property of the arithmetic underneath, not of the code. libtorch picks its
 * kernels at run time: oneMKL chooses a matrix-product and {@code tanh}/{@code exp}/{@code log} code path by
 * CPU vendor and instruction set (Intel CPUs get AVX-512 or AVX2 kernels, every other x86-64 CPU a generic
 * one), ATen chooses its own vector width for softmax and reductions (AVX-512, AVX2 or scalar), and ARM64
 * has different kernels altogether. Each choice rounds some results differently in the
 * last bit, and over thousands of training steps those bits grow into visible digits.
 *
 * <p>The probe runs a handful of fixed computations whose float bits differ between those choices, on one
 * intra-op thread, and hashes their bits into three parts:
 *
 * <ul>
 *   <li>{@code blas}: a 32×200 by 200×27 matrix product, the shape of the lectures' output layers;</li>
 *   <li>{@code math}: element-wise {@code tanh}, {@code exp} and {@code log};</li>
 *   <li>{@code vector}: a row softmax, which ATen vectorises itself.</li>
 * </ul>
 *
 * <p>Each part is named from the paths measured so far; a part not seen before is reported by its hash. The
 * <em>reference</em> path is the one on which the project reproduces the lectures' PyTorch runs bit for bit
 * (x86-64 where oneMKL takes its generic code path, i.e. AMD, with ATen's AVX-512 kernels). Everywhere else
 * the same code gives the lectures' numbers to the printed precision, except in runs that are chaotic.
 *
 * <p>The probe draws nothing from PyTorch's generator, so asking for the path never changes a seeded run.
 */
public final class NumericPath {

    /**
     * Hashes of each probe part on the paths measured so far, keyed by architecture and hash (the same bits can
     * come from different libraries: ARM64's matrix product matches oneMKL's Intel AVX-512 one), with the name
     * each stands for. ARM64 was measured on Linux (linux-aarch64 under qemu, Neoverse-N1); a Mac's
     * osx-aarch64 libtorch is another build and shows as unrecognised until measured.
     */
    private static final Map<String, String> BLAS = Map.of(
            "amd64:1da9823b", "oneMKL generic",
            "amd64:d2a3a972", "oneMKL Intel AVX-512",
            "amd64:26b8a4e2", "oneMKL Intel AVX2",
            "aarch64:d2a3a972", "ARM64 Linux");
    private static final Map<String, String> MATH = Map.of(
            "amd64:3dfbce58", "oneMKL generic",
            "amd64:9da60c80", "oneMKL Intel AVX-512",
            "amd64:af5d86a4", "oneMKL Intel AVX2",
            "aarch64:deec8a11", "ARM64 Linux");
    private static final Map<String, String> VECTOR = Map.of(
            "amd64:2152ff39", "ATen AVX-512",
            "amd64:a0f39b01", "ATen AVX2",
            "amd64:4683e9ad", "ATen scalar",
            "aarch64:1f78bdc8", "ATen ARM64 Linux");

    /** The combination on which the lectures' seeded runs come out bit for bit. */
    private static final String REFERENCE_BLAS = "oneMKL generic";
    private static final String REFERENCE_MATH = "oneMKL generic";
    private static final String REFERENCE_VECTOR = "ATen AVX-512";

    private static volatile NumericPath current;

    private final String arch;
    private final String hashes;
    private final String blas;
    private final String math;
    private final String vector;

    NumericPath(String arch, String blasHash, String mathHash, String vectorHash) {
        this.arch = arch;
        this.hashes = "blas " + blasHash + ", math " + mathHash + ", vector " + vectorHash;
        this.blas = BLAS.getOrDefault(arch + ":" + blasHash, "unrecognised " + blasHash);
        this.math = MATH.getOrDefault(arch + ":" + mathHash, "unrecognised " + mathHash);
        this.vector = VECTOR.getOrDefault(arch + ":" + vectorHash, "unrecognised " + vectorHash);
    }

    /** The path of this process (probed once, on one intra-op thread). */
    public static NumericPath current() {
        NumericPath p = current;
        if (p == null) {
            synchronized (NumericPath.class) {
                if (current == null) {
                    current = probe();
                }
                p = current;
            }
        }
        return p;
    }

    /** True on the path where the lectures' seeded numbers are reproduced bit for bit. */
    public boolean isReference() {
        return REFERENCE_BLAS.equals(blas) && REFERENCE_MATH.equals(math) && REFERENCE_VECTOR.equals(vector);
    }

    /** The CPU architecture as Java names it ({@code amd64}, {@code aarch64}). */
    public String arch() {
        return arch;
    }

    /** The matrix-product part: a name such as "oneMKL generic", or "unrecognised" and its hash. */
    public String blas() {
        return blas;
    }

    /** The tanh/exp/log part. */
    public String math() {
        return math;
    }

    /** The softmax part. */
    public String vector() {
        return vector;
    }

    /** What a learner can expect of the lecture's digits on this path, in one sentence. */
    public String expectation() {
        return isReference()
                ? "the lecture's seeded numbers are expected bit for bit (the reference path)"
                : "the lecture's numbers are expected to the printed precision; last bits differ from the reference path"
                        + " (AMD x86-64), and chaotic runs may differ in the 3rd decimal";
    }

    /** One line: the path's parts, and whether it is the reference. */
    @Override
    public String toString() {
        return arch + ": " + blas + " matrix products, " + math + " tanh/exp/log, " + vector + " softmax"
                + (isReference() ? " (reference path)" : "");
    }

    static NumericPath probe() {
        try (NDManager m = Torch.newManager()) {
            return Torch.withThreads(1, () -> {
                NDArray a = m.create(fixed(32 * 200, 1), new Shape(32, 200));
                NDArray b = m.create(fixed(200 * 27, 2), new Shape(200, 27));
                String blas = hash(a.dot(b));
                String math = hash(a.tanh(), a.exp(), a.abs().add(0.5f).log());
                String vector = hash(a.softmax(1));
                return new NumericPath(System.getProperty("os.arch"), blas, math, vector);
            });
        }
    }

    /** Deterministic inputs of mixed sign and magnitude, the same on every machine (Java's StrictMath). */
    private static float[] fixed(int n, int salt) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (StrictMath.sin(0.7 * i + 1.3 * salt) * (1 + (i % 7) * 0.25));
        }
        return v;
    }

    private static String hash(NDArray... arrays) {
        CRC32 crc = new CRC32();
        for (NDArray array : arrays) {
            for (float f : array.toFloatArray()) {
                int bits = Float.floatToRawIntBits(f);
                crc.update(bits);
                crc.update(bits >>> 8);
                crc.update(bits >>> 16);
                crc.update(bits >>> 24);
            }
        }
        return String.format("%08x", crc.getValue());
    }

    /** Prints this machine's path and the raw hashes (for adding a newly measured path to the tables). */
    public static void main(String[] args) {
        NumericPath p = current();
        System.out.println(p);
        System.out.println(p.expectation());
        System.out.println("probe hashes: " + p.hashes);
    }
}
