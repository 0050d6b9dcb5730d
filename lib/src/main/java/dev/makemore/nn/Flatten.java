package dev.makemore.nn;

import ai.djl.ndarray.NDArray;

/** Concatenates all positions of a context: {@code [B, T, C] -> [B, T*C]}, the flat MLP's {@code view(B, -1)}. */
public final class Flatten extends RecordingLayer {

    @Override
    public NDArray forward(NDArray x) {
        return record(x.reshape(x.getShape().get(0), -1));
    }

    @Override
    public String toString() {
        return "Flatten";
    }
}
