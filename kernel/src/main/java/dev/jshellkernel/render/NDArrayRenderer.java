package dev.jshellkernel.render;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

/**
 * Shows a DJL {@link NDArray} as text: DJL's one-line summary (shape, device, type) and the values laid
 * out like a printed PyTorch tensor. (DJL's own {@code toString()} hides the values.)
 */
final class NDArrayRenderer {

    private NDArrayRenderer() {
    }

    static void register(Renderer renderer) {
        renderer.createRegistration(NDArray.class)
                .preferring(MIMEType.TEXT_PLAIN)
                .register(NDArrayRenderer::render);
    }

    static void render(NDArray array, RenderContext context) {
        context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> text(array));
    }

    static String text(NDArray array) {
        if (array.isReleased()) {
            return "NDArray (closed: its NDManager was closed)";
        }
        DataType type = array.getDataType();
        String header = "ND: " + array.getShape() + " " + array.getDevice() + " " + type
                + (array.hasGradient() ? " hasGradient" : "");
        TensorText.Kind kind = type.isBoolean() ? TensorText.Kind.BOOLEAN
                : type.isInteger() ? TensorText.Kind.INTEGER
                : type.isFloating() ? TensorText.Kind.FLOAT : null;
        if (kind == null) {
            return array.toDebugString(true);
        }
        return header + "\n" + TensorText.format(values(array), array.getShape().getShape(), kind);
    }

    private static double[] values(NDArray array) {
        if (array.getDataType() == DataType.FLOAT64) {
            return array.toDoubleArray();
        }
        if (array.getDataType().isBoolean()) {
            boolean[] flags = array.toBooleanArray();
            double[] values = new double[flags.length];
            for (int i = 0; i < flags.length; i++) {
                values[i] = flags[i] ? 1 : 0;
            }
            return values;
        }
        try (NDArray widened = array.toType(DataType.FLOAT64, true)) {
            return widened.toDoubleArray();
        }
    }
}
