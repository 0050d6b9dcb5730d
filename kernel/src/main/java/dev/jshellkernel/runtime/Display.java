package dev.jshellkernel.runtime;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;

import java.util.Objects;
import java.util.UUID;

/**
 * The display API of notebook cells, with IJava's names. Every JShell session of the kernel starts with
 * {@code import static dev.jshellkernel.runtime.Display.*;}, so cells call {@code display(chart)} or
 * {@code updateDisplay(id, "epoch 3")} without imports, and method references such as
 * {@code charts.forEach(Display::display)} work too.
 *
 * <p>The methods are static because cells cannot receive a kernel object; the kernel connects its
 * {@link DisplaySink} once at start-up. Rendering happens on the calling (cell) thread, so a slow
 * render can be interrupted like any other user code; publishing is left to the sink.
 */
public final class Display {

    private static volatile DisplaySink sink;

    private Display() {
    }

    /** Connects the kernel that renders and publishes; called once when the kernel starts. */
    public static void connect(DisplaySink kernelSink) {
        sink = Objects.requireNonNull(kernelSink, "kernelSink");
    }

    /**
     * Shows {@code value} below the cell now, rendered with its preferred MIME types.
     *
     * @return the display id, for {@link #updateDisplay(String, Object)}
     */
    public static String display(Object value) {
        return publishNew(render(value));
    }

    /**
     * Shows {@code value} rendered as the given MIME types (for example {@code "text/html"}).
     *
     * @return the display id, for {@link #updateDisplay(String, Object, String...)}
     */
    public static String display(Object value, String... mimeTypes) {
        return publishNew(render(value, mimeTypes));
    }

    /** Replaces the output shown under display id {@code id} (anywhere in the notebook) with {@code value}. */
    public static void updateDisplay(String id, Object value) {
        publishUpdate(id, render(value));
    }

    /** Replaces the output shown under display id {@code id} with {@code value} rendered as {@code mimeTypes}. */
    public static void updateDisplay(String id, Object value, String... mimeTypes) {
        publishUpdate(id, render(value, mimeTypes));
    }

    /**
     * Renders {@code value} without showing it. A cell whose last expression is the result shows it, so
     * {@code render(html, "text/html")} as the last line shows the HTML.
     */
    public static DisplayData render(Object value) {
        if (value instanceof DisplayData data) {
            return data;
        }
        return value == null ? text("null") : connected().renderer().render(value);
    }

    /** Renders {@code value} as the given MIME types without showing it. */
    public static DisplayData render(Object value, String... mimeTypes) {
        if (value == null) {
            return text("null");
        }
        return connected().renderer().renderAs(value, mimeTypes);
    }

    private static String publishNew(DisplayData data) {
        DisplayData copy = new DisplayData(data);
        String id = data.hasDisplayId() ? data.getDisplayId() : UUID.randomUUID().toString();
        copy.setDisplayId(id);
        connected().publish(copy, false);
        return id;
    }

    private static void publishUpdate(String id, DisplayData data) {
        Objects.requireNonNull(id, "display id");
        DisplayData copy = new DisplayData(data);
        copy.setDisplayId(id);
        connected().publish(copy, true);
    }

    private static DisplayData text(String text) {
        return new DisplayData(text);
    }

    private static DisplaySink connected() {
        DisplaySink current = sink;
        if (current == null) {
            throw new IllegalStateException("display() works only inside a running jshell-kernel notebook");
        }
        return current;
    }
}
