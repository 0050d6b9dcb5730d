package dev.makemore.zoo;

import ai.djl.ndarray.NDArray;
import dev.makemore.nn.Layer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Layer} whose parameters have PyTorch's names: {@link #namedParameters()} is
 * {@code dict(module.named_parameters())}, same keys, same order, so a Java model and a PyTorch one can be
 * compared array by array.
 */
public interface NamedLayer extends Layer {

    /** Each parameter under its dotted PyTorch name ({@code "transformer.h.0.attn.c_attn.weight"}), in order. */
    Map<String, NDArray> namedParameters();

    /** The values of {@link #namedParameters()}, in PyTorch's order. */
    @Override
    default List<NDArray> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** A small builder for {@link #namedParameters()}: parameters and sub-modules, under a prefix. */
    final class Names {

        private final Map<String, NDArray> all = new LinkedHashMap<>();

        /** Adds one parameter called {@code name}. */
        public Names add(String name, NDArray parameter) {
            all.put(name, parameter);
            return this;
        }

        /** Adds {@code module}'s parameters as {@code prefix + "." + theirName}. */
        public Names add(String prefix, NamedLayer module) {
            module.namedParameters().forEach((name, p) -> all.put(prefix + "." + name, p));
            return this;
        }

        /** The names collected so far. */
        public Map<String, NDArray> build() {
            return all;
        }
    }
}
