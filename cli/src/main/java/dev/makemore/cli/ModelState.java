package dev.makemore.cli;

import ai.djl.ndarray.NDArray;
import dev.makemore.Torch;
import dev.makemore.nn.Layer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Copies a model's parameters and buffers to and from {@link Checkpoint} tensors. */
final class ModelState {

    private ModelState() {}

    /** The model's parameters, in order. */
    static List<Checkpoint.Tensor> parameters(Layer model) {
        return model.parameters().stream().map(Checkpoint.Tensor::of).toList();
    }

    /** The model's buffers (BatchNorm running statistics), in order. */
    static List<Checkpoint.Tensor> buffers(Layer model) {
        return model.buffers().stream().map(Checkpoint.Tensor::of).toList();
    }

    /**
     * Overwrites the model's parameters and buffers, in place, with the checkpoint's.
     *
     * @throws UsageException if the number of tensors or a shape differs (the checkpoint was made with
     *     other hyperparameters or another model)
     */
    static void restore(Layer model, Checkpoint checkpoint, Path file) {
        copy("parameter", model.parameters(), checkpoint.parameters(), file);
        copy("buffer", model.buffers(), checkpoint.buffers(), file);
    }

    private static void copy(String what, List<NDArray> targets, List<Checkpoint.Tensor> sources, Path file) {
        if (targets.size() != sources.size()) {
            throw new UsageException("checkpoint " + file + " holds " + sources.size() + " " + what + "s but the model has "
                    + targets.size() + " (it was saved from a different model)");
        }
        for (int i = 0; i < targets.size(); i++) {
            long[] expected = targets.get(i).getShape().getShape();
            Checkpoint.Tensor source = sources.get(i);
            // BatchNorm's running statistics are (C) when fresh and (1, C) or (1, 1, C) after training steps
            if (!Arrays.equals(squeezed(expected), squeezed(source.shape()))) {
                throw new UsageException("checkpoint " + file + ": " + what + " " + i + " has shape " + source.shapeText()
                        + " but the model expects " + Arrays.toString(expected).replace('[', '(').replace(']', ')'));
            }
        }
        for (int i = 0; i < targets.size(); i++) {
            Torch.copyInto(targets.get(i), sources.get(i).values());
        }
    }

    private static long[] squeezed(long[] shape) {
        return Arrays.stream(shape).filter(d -> d != 1).toArray();
    }
}
