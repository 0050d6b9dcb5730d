package dev.makemore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One knob of a notebook that trains with its own loop (parts 1 and 4's backprop notebook) rather than with a
 * {@link Hyperparameters} record: its name, the lecture's value and the value this run used. The closing table
 * and the run history name the knobs whose value is not the lecture's.
 *
 * @param name the variable's name in the hyperparameter cell
 * @param lecture the lecture's value
 * @param value this run's value
 */
public record Knob(String name, Object lecture, Object value) {

    /** A knob; {@code lecture} and {@code value} are compared with {@code equals}. */
    public static Knob of(String name, Object lecture, Object value) {
        return new Knob(name, lecture, value);
    }

    /** Whether this run changed it. */
    public boolean changed() {
        return !Objects.equals(lecture, value);
    }

    /** {@code "smoothing 1 → 5"}. */
    public String change() {
        return name + " " + lecture + " → " + value;
    }

    /** The changed knobs, as {@link #change()} entries. */
    public static List<String> changes(List<Knob> knobs) {
        List<String> out = new ArrayList<>();
        for (Knob k : knobs) {
            if (k.changed()) {
                out.add(k.change());
            }
        }
        return out;
    }

    /** Every knob's value as text, in order. */
    public static Map<String, String> values(List<Knob> knobs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Knob k : knobs) {
            m.put(k.name(), String.valueOf(k.value()));
        }
        return m;
    }
}
