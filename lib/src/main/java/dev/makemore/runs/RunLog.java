package dev.makemore.runs;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.makemore.Hyperparameters;
import dev.makemore.Knob;
import dev.makemore.plot.LiveChart;
import dev.makemore.train.LossHistory;
import dev.makemore.train.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The run history: every training run a notebook or the CLI finishes is kept as one small JSON file in one
 * folder, so a learner can change a knob, re-run and compare, across kernel restarts.
 *
 * <p>The folder is {@code $MAKEMORE_RUNS}, else {@code $MAKEMORE_HOME/runs} (the project's {@code runs/}), else
 * {@code runs/} in the working directory. Each file is written to a temporary name and moved into place, so a
 * crash never leaves half a file: it loses at most the run in progress. A file that cannot be read is skipped
 * with a warning and left alone.
 *
 * <pre>
 * RunLog runs = RunLog.open("05-wavenet");
 * LiveChart live = runs.liveChart(hp, c -> display(c), (id, c) -> updateDisplay(id, c)); // earlier runs, faint
 * trainer.onStep(live).train(hp.steps());
 * live.finish();
 * runs.record(hp, trainer, trainLoss, valLoss);
 * runs.table()                                                        // every run, best val loss marked
 * </pre>
 */
public final class RunLog {

    /** Names the folder of the run history. */
    public static final String RUNS_ENV = "MAKEMORE_RUNS";

    /** Points a stored loss curve has at most (each the mean of a window of steps). */
    public static final int CURVE_POINTS = 400;

    /** Earlier runs drawn under the current one, the most recent ones. */
    public static final int EARLIER_ON_CHART = 8;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]+");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT);
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    private final Path dir;
    private final String source;

    private RunLog(Path dir, String source) {
        this.dir = dir;
        this.source = source;
    }

    /** The run history in the default folder; runs recorded through it are marked as coming from {@code source}. */
    public static RunLog open(String source) {
        return new RunLog(defaultDir(), source);
    }

    /** The run history in {@code dir}. */
    public static RunLog in(Path dir, String source) {
        return new RunLog(dir, source);
    }

    /** {@code $MAKEMORE_RUNS}, else {@code $MAKEMORE_HOME/runs}, else {@code runs} here. */
    public static Path defaultDir() {
        String direct = System.getenv(RUNS_ENV);
        if (direct != null && !direct.isBlank()) {
            return Path.of(direct);
        }
        String home = System.getenv("MAKEMORE_HOME");
        return home != null && !home.isBlank() ? Path.of(home, "runs") : Path.of("runs");
    }

    /** The folder. */
    public Path dir() {
        return dir;
    }

    // ---- recording ----

    /**
     * Keeps a run trained by {@code trainer} with the settings {@code hp}: its changes from the lecture, numerics,
     * steps, parameter count, loss curve, final losses and training time.
     *
     * @param train the final training-split loss (NaN if not evaluated)
     * @param val the final validation-split loss (NaN if not evaluated)
     */
    public RunRecord record(Hyperparameters hp, Trainer trainer, double train, double val) {
        return record(hp.lecture(), hp.toMap(), hp.changes(), hp.numerics().label(), trainer.history(), trainer.step(),
                trainer.model().parameterCount(), train, val, trainer.trainingTime(),
                trainer.wasInterrupted() || trainer.step() < hp.steps());
    }

    /** Keeps a run of a notebook's own training loop, described by its knobs. */
    public RunRecord record(String group, List<Knob> knobs, LossHistory history, long parameters, double train,
            double val, Duration time, boolean stopped) {
        return record(group, Knob.values(knobs), Knob.changes(knobs), "exact", history, history.size(), parameters,
                train, val, time, stopped);
    }

    /** Keeps a run described field by field. */
    public RunRecord record(String group, Map<String, String> settings, List<String> changes, String numerics,
            LossHistory history, int steps, long parameters, double train, double val, Duration time, boolean stopped) {
        double[][] curve = curve(history);
        LocalDateTime end = LocalDateTime.now();
        LocalDateTime now = end.minus(time);
        String id = STAMP.format(end) + "-" + group.replaceAll("[^A-Za-z0-9._-]", "_");
        RunRecord r = new RunRecord(id, source, group, DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT).format(now), new LinkedHashMap<>(settings),
                List.copyOf(changes), numerics, steps, parameters, curve[0], curve[1], train, val,
                time.toMillis() / 1000.0, stopped);
        save(r);
        return r;
    }

    /** At most {@link #CURVE_POINTS} window means of the loss history, x being the steps done at each window's end. */
    static double[][] curve(LossHistory history) {
        int n = history.size();
        int window = Math.max(1, (n + CURVE_POINTS - 1) / CURVE_POINTS);
        double[] y = history.windowMeans(window);
        double[] x = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            x[i] = (i + 1.0) * window;
        }
        return new double[][] {x, y};
    }

    private void save(RunRecord r) {
        Path file = dir.resolve(r.id() + ".json");
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, r.id(), ".tmp");
            Files.writeString(tmp, GSON.toJson(r) + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run record " + file + ": " + e.getMessage(), e);
        }
    }

    // ---- reading ----

    /** Every kept run, oldest first. */
    public List<RunRecord> runs() {
        List<RunRecord> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                RunRecord r = read(f);
                if (r != null) {
                    out.add(r);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the run history in " + dir + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(RunRecord::id));
        return out;
    }

    /** The kept runs of {@code group} (a lecture run's id, e.g. {@code wavenet}), oldest first. */
    public List<RunRecord> runs(String group) {
        return runs().stream().filter(r -> group.equals(r.group())).toList();
    }

    /** The run called {@code id}, or its unique prefix or suffix. */
    public RunRecord find(String id) {
        List<RunRecord> all = runs();
        List<RunRecord> hits = all.stream().filter(r -> r.id().equals(id)).toList();
        if (hits.isEmpty()) {
            hits = all.stream().filter(r -> r.id().startsWith(id) || r.id().endsWith(id)).toList();
        }
        if (hits.size() != 1) {
            throw new IllegalArgumentException(hits.isEmpty() ? "no run '" + id + "' in " + dir
                    : "'" + id + "' names " + hits.size() + " runs; give more of the id");
        }
        return hits.get(0);
    }

    /** Deletes a run's file; returns the run it held. */
    public RunRecord remove(String id) {
        RunRecord r = find(id);
        try {
            Files.delete(dir.resolve(r.id() + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove run " + r.id() + ": " + e.getMessage(), e);
        }
        return r;
    }

    private static RunRecord read(Path f) {
        try {
            RunRecord r = GSON.fromJson(Files.readString(f, StandardCharsets.UTF_8), RunRecord.class);
            if (r == null || r.id() == null || !ID.matcher(r.id()).matches() || r.curveSteps() == null
                    || r.curveLog10() == null || r.curveSteps().length != r.curveLog10().length) {
                throw new JsonParseException("not a run record");
            }
            return r;
        } catch (IOException | JsonParseException | IllegalStateException e) {
            System.err.println("run history: skipping " + f + ", not a run record (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
            return null;
        }
    }

    // ---- showing ----

    /**
     * A live loss chart for a run with settings {@code hp}, drawn over the earlier runs of the same lecture
     * run (the most recent {@value #EARLIER_ON_CHART}, faint), each named in the legend by what it changed.
     */
    public LiveChart liveChart(Hyperparameters hp, Function<? super XYChart, String> show,
            BiConsumer<String, ? super XYChart> update) {
        return liveChart(hp.lecture(), hp.changes(), show, update);
    }

    /** As {@link #liveChart(Hyperparameters, Function, BiConsumer)} for a run of {@code group} with these changes. */
    public LiveChart liveChart(String group, List<String> changes, Function<? super XYChart, String> show,
            BiConsumer<String, ? super XYChart> update) {
        List<RunRecord> earlier = runs(group);
        earlier = earlier.subList(Math.max(0, earlier.size() - EARLIER_ON_CHART), earlier.size());
        Map<String, double[][]> curves = new LinkedHashMap<>();
        for (RunRecord r : earlier) {
            String name = legend(r);
            for (int k = 2; curves.containsKey(name); k++) {
                name = legend(r) + " (" + k + ")";
            }
            curves.put(name, new double[][] {r.curveSteps(), r.curveLog10()});
        }
        String now = "this run: " + (changes.isEmpty() ? "lecture settings" : String.join(", ", changes));
        if (!curves.isEmpty()) {
            System.out.printf("the chart draws this run over %d earlier run%s of %s (faint): %s%n", curves.size(),
                    curves.size() == 1 ? "" : "s", group, String.join("; ", curves.keySet()));
        }
        return LiveChart.of(show, update).over(curves, now);
    }

    /** {@code "15:02:07 nHidden 200 → 100 (val 2.0342)"}, or {@code "... (stopped at 1,500 steps)"}. */
    static String legend(RunRecord r) {
        String time = r.started().length() >= 19 ? r.started().substring(11, 19) : r.started();
        String end = r.stopped() ? String.format(Locale.ROOT, ", stopped at %,d steps", r.steps()) : "";
        String val = Double.isFinite(r.val()) ? String.format(Locale.ROOT, " (val %.4f%s)", r.val(), end)
                : end.isEmpty() ? "" : " (" + end.substring(2) + ")";
        return time + " " + r.label() + val;
    }

    /** Every kept run, oldest first, with the best validation loss marked. */
    public Table table() {
        return table(runs(), "run history (" + dir + ")");
    }

    /** The kept runs of {@code group}, with the best validation loss marked. */
    public Table table(String group) {
        return table(runs(group), "runs of " + group);
    }

    /** A table of {@code runs}: id, source, what changed, numerics, steps, parameters, losses, time; best val marked. */
    public static Table table(List<RunRecord> runs, String title) {
        StringColumn id = StringColumn.create("run");
        StringColumn source = StringColumn.create("from");
        StringColumn group = StringColumn.create("lecture run");
        StringColumn changes = StringColumn.create("changed");
        StringColumn numerics = StringColumn.create("numerics");
        IntColumn steps = IntColumn.create("steps");
        StringColumn params = StringColumn.create("parameters");
        DoubleColumn train = DoubleColumn.create("train");
        DoubleColumn val = DoubleColumn.create("val");
        StringColumn seconds = StringColumn.create("time");
        StringColumn best = StringColumn.create("best val");
        double bestVal = runs.stream().mapToDouble(RunRecord::val).filter(Double::isFinite).min().orElse(Double.NaN);
        for (RunRecord r : runs) {
            id.append(r.id());
            source.append(r.source());
            group.append(r.group());
            changes.append(r.label() + (r.stopped() ? " (stopped)" : ""));
            numerics.append(r.numerics());
            steps.append(r.steps());
            params.append(String.format(Locale.ROOT, "%,d", r.parameters()));
            train.append(round(r.train()));
            val.append(round(r.val()));
            seconds.append(String.format(Locale.ROOT, "%.1f s", r.seconds()));
            best.append(Double.isFinite(r.val()) && r.val() == bestVal ? "★ best" : "");
        }
        return Table.create(title, id, source, group, changes, numerics, steps, params, train, val, seconds, best);
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1e4) / 1e4 : Double.NaN;
    }
}
