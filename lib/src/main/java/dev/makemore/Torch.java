package dev.makemore;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * The one place that configures DJL's PyTorch engine for this project.
 *
 * <p>Every notebook, test and CLI command goes through here so that they all see the same engine: quiet
 * logging, one intra-op thread (fastest for the lectures' tiny tensors) and PyTorch's own random generator.
 * Seeding with {@link #seed(long)} is {@code torch.manual_seed}: the draws that follow
 * ({@code randn}, {@code randint}, {@code rand}) are PyTorch's, element for element.
 */
public final class Torch {

    /** Intra-op threads for training: tiny matrices are fastest on one thread. */
    public static final int TRAINING_THREADS = 1;

    /** Intra-op threads for full-batch evaluation, where two threads halve the time. */
    public static final int EVALUATION_THREADS = 2;

    private static volatile Engine engine;

    private Torch() {}

    /**
     * Loads the engine once (offline, quietly) and sets one intra-op thread. Safe to call repeatedly.
     *
     * @return the PyTorch engine
     */
    public static Engine engine() {
        Engine e = engine;
        if (e == null) {
            synchronized (Torch.class) {
                if (engine == null) {
                    quietLogging();
                    System.setProperty("ai.djl.offline", "true");
                    Engine loaded = load();
                    JniUtils.setNumThreads(TRAINING_THREADS);
                    engine = loaded;
                }
                e = engine;
            }
        }
        return e;
    }

    /** The platforms DJL's libtorch 2.7.1 is built for: the values of the build's makemore.native.classifier. */
    static final String SUPPORTED_PLATFORMS = "linux-x86_64, linux-aarch64, osx-aarch64, win-x86_64";

    /**
     * Loads libtorch, or fails with one message that says what to do: DJL's own error for a missing or foreign
     * native library is about an index file it could not download (we run offline).
     */
    private static Engine load() {
        try {
            return Engine.getEngine("PyTorch");
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException(loadFailure(e), e);
        }
    }

    static String loadFailure(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String why = e.getMessage() + (root == e ? "" : " (" + root.getMessage() + ")");
        return "libtorch, PyTorch's native library, could not be loaded on this machine (os.name="
                + System.getProperty("os.name") + ", os.arch=" + System.getProperty("os.arch") + "): " + why + ".\n"
                + "The build puts the native jar for one platform on the classpath (Maven property"
                + " makemore.native.classifier; DJL's libtorch 2.7.1 exists for " + SUPPORTED_PLATFORMS + ").\n"
                + "Run `bin/makemore setup` on this machine to rebuild with its jar; on other platforms"
                + " (Intel Mac, 32-bit) makemore cannot run: see README, Troubleshooting.";
    }

    /**
     * Seeds PyTorch's global generator, like {@code torch.manual_seed(seed)}. A lecture's
     * {@code torch.Generator().manual_seed(s)} draws the same stream, as long as nothing else draws in between.
     */
    public static void seed(long seed) {
        engine();
        // Engine.setRandomSeed takes an int, but the lectures sample with 2147483647 + 10: seed libtorch directly.
        JniUtils.setSeed(seed);
    }

    /** A new root manager for arrays that live as long as the caller keeps it open. */
    public static NDManager newManager() {
        engine();
        return NDManager.newBaseManager();
    }

    /** Sets PyTorch's intra-op thread count for the whole process. */
    public static void threads(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, got " + count);
        }
        engine();
        JniUtils.setNumThreads(count);
    }

    /** The current intra-op thread count. */
    public static int threads() {
        engine();
        return JniUtils.getNumThreads();
    }

    /** Runs {@code work} with {@code count} intra-op threads, then restores the previous count. */
    public static <T> T withThreads(int count, Supplier<T> work) {
        int before = threads();
        threads(count);
        try {
            return work.get();
        } finally {
            threads(before);
        }
    }

    /**
     * Runs {@code work} without recording operations for autograd, like {@code with torch.no_grad():}.
     * PyTorch's grad mode belongs to the thread and is on in a fresh thread; a notebook kernel runs every
     * cell on a new thread, so code that updates parameters in place or only evaluates must say so.
     */
    public static void noGrad(Runnable work) {
        noGrad(() -> {
            work.run();
            return null;
        });
    }

    /** {@link #noGrad(Runnable)} for work that returns a value. */
    public static <T> T noGrad(Supplier<T> work) {
        engine();
        boolean before = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return work.get();
        } finally {
            JniUtils.setGradMode(before);
        }
    }

    /**
     * Overwrites {@code target}'s values in place with {@code values} (row-major, {@code target.size()} of them),
     * without recording it for autograd; {@code target} keeps its identity, so a model holding it sees the new
     * weights. (DJL's {@code NDArray.set(float[])} makes libtorch print a deprecation warning; this copies
     * through {@code target[:] = source} instead.)
     */
    public static void copyInto(NDArray target, float[] values) {
        if (values.length != target.size()) {
            throw new IllegalArgumentException("copyInto: " + values.length + " values for an array of shape " + target.getShape());
        }
        noGrad(() -> {
            try (NDArray source = target.getManager().create(values, target.getShape())) {
                target.set(new NDIndex(":"), source);
            }
        });
    }

    /** DJL logs engine details and a CUDA probe at INFO/WARN; learners only need errors. */
    private static void quietLogging() {
        setIfAbsent("org.slf4j.simpleLogger.log.ai.djl", "error");
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
