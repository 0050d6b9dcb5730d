package dev.makemore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What a notebook takes from its environment and what it gives back to the test runner.
 *
 * <ul>
 *   <li>{@code MAKEMORE_MAX_STEPS} caps every training loop, so the test suite can run all five notebooks
 *       in minutes ("smoke settings"). Unset, the notebooks train at the lecture's settings.</li>
 *   <li>{@code MAKEMORE_NUMERICS} ({@code exact} or {@code fast}), when set, overrides the numerics a notebook
 *       chose in its hyperparameter cell ({@link #numerics(Numerics)}), so the test runner can run every
 *       notebook in either mode.</li>
 *   <li>{@code MAKEMORE_RESULTS_DIR}, when set, receives {@code <notebook>.json} with the numbers of the
 *       notebook's closing table, which {@code tools/run_notebooks.py} checks and prints.</li>
 * </ul>
 */
public final class Notebook {

    public static final String MAX_STEPS_ENV = "MAKEMORE_MAX_STEPS";
    public static final String RESULTS_DIR_ENV = "MAKEMORE_RESULTS_DIR";
    public static final String NUMERICS_ENV = "MAKEMORE_NUMERICS";

    private Notebook() {}

    /**
     * The numerics a notebook trains with: {@code choice}, the value written in its hyperparameter cell, unless
     * {@code MAKEMORE_NUMERICS} says otherwise. Pass it on in the hyperparameter record; the closing table
     * ({@link #report}) names it.
     *
     * @throws IllegalArgumentException if {@code MAKEMORE_NUMERICS} is neither exact nor fast
     */
    public static Numerics numerics(Numerics choice) {
        String env = System.getenv(NUMERICS_ENV);
        Numerics n;
        try {
            n = env == null || env.isBlank() ? choice : Numerics.parse(env);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(NUMERICS_ENV + " must be exact or fast, not '" + env + "'");
        }
        return n;
    }

    /** The lecture's step count, or the cap from {@code MAKEMORE_MAX_STEPS} if that is smaller. */
    public static int steps(int lectureSteps) {
        return Math.min(lectureSteps, maxSteps(System.getenv(MAX_STEPS_ENV)));
    }

    /** True when the notebook runs capped (the test suite's smoke settings). */
    public static boolean isSmoke() {
        return maxSteps(System.getenv(MAX_STEPS_ENV)) < Integer.MAX_VALUE;
    }

    /** The cap a value of {@code MAKEMORE_MAX_STEPS} sets: none when unset or blank. */
    static int maxSteps(String value) {
        if (value == null || value.isBlank()) {
            return Integer.MAX_VALUE;
        }
        try {
            int steps = Integer.parseInt(value.trim());
            if (steps < 1) {
                throw new NumberFormatException();
            }
            return steps;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(MAX_STEPS_ENV + " must be a positive whole number, not '" + value + "'");
        }
    }

    /** One line of a notebook's closing table: our number and the lecture's ({@code NaN} if none). */
    public record Row(String metric, double ours, double lecture) {}

    /** A row comparing our number with the lecture's. */
    public static Row row(String metric, double ours, double lecture) {
        return new Row(metric, ours, lecture);
    }

    /**
     * The closing table: this run next to the lecture, with how many decimals agree, titled with the numeric
     * path the run used ({@link NumericPath}), the numerics of its training runs, what that lets a learner
     * expect, and every knob the run changed from the lecture's settings (a changed knob moves the numbers away
     * from the lecture's, and the title says so). Also writes the rows to
     * {@code $MAKEMORE_RESULTS_DIR/<notebook>.json} when the test runner asks for them.
     *
     * @param settings the hyperparameter records the notebook trained with (their numerics must agree)
     */
    public static Table report(String notebook, List<Row> rows, Hyperparameters... settings) {
        Numerics numerics = null;
        List<String> changes = new java.util.ArrayList<>();
        for (Hyperparameters h : settings) {
            if (numerics != null && numerics != h.numerics()) {
                throw new IllegalArgumentException("the notebook's runs use different numerics: " + numerics + " and "
                        + h.numerics());
            }
            numerics = h.numerics();
            for (String c : h.changes()) {
                if (!c.startsWith("numerics ")) {
                    String entry = settings.length > 1 ? h.lecture() + " " + c : c;
                    if (!changes.contains(entry)) {
                        changes.add(entry);
                    }
                }
            }
        }
        return report(notebook, rows, NumericPath.current(), numerics, changes);
    }

    /**
     * The closing table of a notebook that trains with its own loop (exact arithmetic), naming the knobs it
     * changed from the lecture's values.
     */
    public static Table report(String notebook, List<Row> rows, List<Knob> knobs) {
        return report(notebook, rows, NumericPath.current(), null, Knob.changes(knobs));
    }

    static Table report(String notebook, List<Row> rows, NumericPath path, Numerics numerics, List<String> changes) {
        StringColumn metric = StringColumn.create("metric");
        DoubleColumn ours = DoubleColumn.create(isSmoke() ? "this run (smoke)" : "this run");
        DoubleColumn lecture = DoubleColumn.create("lecture");
        DoubleColumn diff = DoubleColumn.create("difference");
        StringColumn agree = StringColumn.create("agrees to");
        for (Row r : rows) {
            metric.append(r.metric());
            ours.append(r.ours());
            lecture.append(r.lecture());
            diff.append(Double.isNaN(r.lecture()) ? Double.NaN : r.ours() - r.lecture());
            agree.append(agreement(r.ours(), r.lecture()));
        }
        String dir = System.getenv(RESULTS_DIR_ENV);
        if (dir != null && !dir.isBlank()) {
            write(Path.of(dir, notebook + ".json"), rows, path, numerics, changes);
        }
        String expect = numerics == null ? path.expectation()
                : numerics == Numerics.FAST
                ? "numerics FAST: the lecture's functions with fewer operations, rounded differently; expect the lecture's"
                        + " printed digits except in chaotic runs, not its last bits (see the README's EXACT and FAST)"
                : "numerics EXACT: " + path.expectation();
        String changed = changes.isEmpty() ? "" : ". Changed from the lecture's settings: " + String.join(", ", changes)
                + " (so the numbers are not expected to match the lecture's)";
        return Table.create(notebook + ": this run and the lecture. Numeric path " + path + "; " + expect + changed,
                metric, ours, lecture, diff, agree);
    }

    /**
     * How far two numbers agree, as a reader compares them: {@code "same float"} when they are the same float32
     * (the lecture's losses are float32), otherwise the most decimals at which both round (half-even, as Python
     * prints) to the same digits, e.g. {@code "4 decimals"}; {@code "differs"} below one decimal and {@code ""}
     * when there is no lecture number.
     */
    public static String agreement(double ours, double lecture) {
        if (Double.isNaN(lecture) || Double.isNaN(ours)) {
            return "";
        }
        if ((float) ours == (float) lecture) {
            return "same float";
        }
        for (int d = 8; d >= 1; d--) {
            if (Decimal.fixed(ours, d).equals(Decimal.fixed(lecture, d))) {
                return d + (d == 1 ? " decimal" : " decimals");
            }
        }
        return "differs";
    }

    private static void write(Path file, List<Row> rows, NumericPath path, Numerics numerics, List<String> changes) {
        List<String> items = new ArrayList<>();
        for (Row r : rows) {
            items.add(String.format(Locale.ROOT, "{\"metric\": \"%s\", \"ours\": %s, \"lecture\": %s, \"agrees\": \"%s\"}",
                    r.metric().replace("\\", "\\\\").replace("\"", "\\\""), json(r.ours()), json(r.lecture()),
                    agreement(r.ours(), r.lecture())));
        }
        String text = "{\"numeric_path\": \"" + path.toString().replace("\"", "'") + "\", \"reference_path\": "
                + path.isReference() + ", \"numerics\": " + (numerics == null ? "null" : "\"" + numerics.label() + "\"")
                + ",\n \"changes\": [" + String.join(", ", changes.stream().map(Notebook::quoted).toList()) + "]"
                + ",\n \"rows\": [\n  " + String.join(",\n  ", items) + "\n]}\n";
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write notebook results to " + file, e);
        }
    }

    /** A JSON string. */
    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** JSON has no NaN: a missing number is null. */
    private static String json(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }
}
