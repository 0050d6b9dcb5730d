package dev.makemore.nn;

import ai.djl.ndarray.NDArray;
import dev.makemore.Numerics;
import java.util.ArrayList;
import java.util.List;

/** Layers applied one after the other; its parameters are theirs, in order. */
public final class Sequential implements Layer {

    private final List<Layer> layers;

    /** Chains {@code layers}. */
    public Sequential(List<? extends Layer> layers) {
        this.layers = List.copyOf(layers);
    }

    /** Chains {@code layers}. */
    public Sequential(Layer... layers) {
        this(List.of(layers));
    }

    @Override
    public NDArray forward(NDArray x) {
        for (Layer layer : layers) {
            x = layer.forward(x);
        }
        return x;
    }

    /** Each layer in turn, each with {@code numerics}. */
    @Override
    public NDArray forward(NDArray x, Numerics numerics) {
        for (Layer layer : layers) {
            x = layer.forward(x, numerics);
        }
        return x;
    }

    /** The layers, for diagnostics and init tweaks ({@code model.layers[-1]}). */
    public List<Layer> layers() {
        return layers;
    }

    /** The last layer, the lectures' {@code layers[-1]}. */
    public Layer last() {
        return layers.get(layers.size() - 1);
    }

    @Override
    public List<NDArray> parameters() {
        List<NDArray> all = new ArrayList<>();
        layers.forEach(l -> all.addAll(l.parameters()));
        return all;
    }

    @Override
    public List<NDArray> buffers() {
        List<NDArray> all = new ArrayList<>();
        layers.forEach(l -> all.addAll(l.buffers()));
        return all;
    }

    @Override
    public void train(boolean training) {
        layers.forEach(l -> l.train(training));
    }

    @Override
    public String toString() {
        return "Sequential" + layers;
    }
}
