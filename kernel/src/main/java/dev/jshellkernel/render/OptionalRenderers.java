package dev.jshellkernel.render;

import org.dflib.jjava.jupyter.kernel.display.Renderer;

import java.util.ArrayList;
import java.util.List;

/**
 * Registers renderers for the libraries that are on the kernel's class path, and only those: the kernel
 * itself needs none of them. Each renderer lives in its own class that is loaded only after its library
 * was found, so a missing library can never cause a {@code NoClassDefFoundError}.
 */
public final class OptionalRenderers {

    private OptionalRenderers() {
    }

    /**
     * Registers the renderers whose library {@code loader} can load.
     *
     * @return the names of the libraries found (for logging and tests)
     */
    public static List<String> registerAvailable(Renderer renderer, ClassLoader loader) {
        List<String> found = new ArrayList<>();
        if (present("org.knowm.xchart.internal.chartpart.Chart", loader)) {
            XChartRenderer.register(renderer);
            found.add("xchart");
        }
        if (present("tech.tablesaw.api.Table", loader)) {
            TablesawRenderer.register(renderer);
            found.add("tablesaw");
        }
        if (present("ai.djl.ndarray.NDArray", loader)) {
            NDArrayRenderer.register(renderer);
            found.add("djl");
        }
        return found;
    }

    private static boolean present(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
