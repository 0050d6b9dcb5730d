package dev.makemore;

import ai.djl.ndarray.NDManager;
import dev.makemore.data.Datasets;
import dev.makemore.data.Names;
import java.util.List;

/** Shared test data: the lecture's names file, found through {@link Names#defaultPath()}. */
public final class Fixtures {

    private static List<String> words;

    private Fixtures() {}

    /** The 32,033 lecture names; fails (does not skip) with a clear message when the file is absent. */
    public static synchronized List<String> words() {
        if (words == null) {
            words = Names.load(Names.defaultPath());
        }
        return words;
    }

    /** The lecture datasets for {@code blockSize}. */
    public static Datasets datasets(int blockSize, NDManager manager) {
        return Datasets.of(words(), blockSize, manager);
    }
}
