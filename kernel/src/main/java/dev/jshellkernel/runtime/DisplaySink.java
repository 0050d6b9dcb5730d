package dev.jshellkernel.runtime;

import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/** What {@link Display} needs from the kernel: a renderer, and a way to send display messages. */
public interface DisplaySink {

    /** The kernel's renderer, with every renderer registered for the libraries on the class path. */
    Renderer renderer();

    /**
     * Sends rendered data to the notebook, in order with the cell's printed output.
     *
     * @param data   rendered data carrying its display id
     * @param update true for {@code update_display_data}, false for a new {@code display_data}
     */
    void publish(DisplayData data, boolean update);
}
