package dev.makemore.bench;

import dev.makemore.cli.ModelKind;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints the benchmark's table for one model from the measurement processes' JSON results. */
final class BenchReport {

    /** FAST's goal against PyTorch's lecture code, on every model. */
    private static final double FAST_VS_LECTURE = 1.5;

    /** RSS at the end of a run may exceed RSS after warm-up by this fraction: memory stays flat. */
    private static final double RSS_GROWTH = 0.05;

    private final PrintWriter out;

    BenchReport(PrintWriter out) {
        this.out = out;
    }

    /**
     * One model's table, ratios against PyTorch's lecture code and its op-minimised version, then the side-by-side
     * measurements (rows with a {@code runs} field) if any.
     */
    void model(ModelKind kind, BenchCommand.Steps plan, List<Map<String, Object>> all) {
        List<Map<String, Object>> rows = all.stream().filter(r -> r.get("runs") == null).toList();
        List<Map<String, Object>> sideBySide = all.stream().filter(r -> r.get("runs") != null).toList();
        if (rows.isEmpty()) {
            return;
        }
        out.printf("%n== %s: %,d parameters; %d x %,d timed steps after %,d warm-up ==%n", kind.cliName(),
                (long) num(rows.get(0), "params"), plan.repeats(), plan.steps(), plan.warmup());
        Double torchLecture = rate(rows, "pytorch", "lecture");
        Double torchOpmin = rate(rows, "pytorch", "opmin");
        out.printf("%-8s %-8s %9s %8s %11s %11s %12s%n", "side", "loop", "steps/s", "ms/step", "/torch lect",
                "/torch opmin", "peak RSS MiB");
        for (Map<String, Object> r : rows) {
            double rate = median(r);
            out.printf("%-8s %-8s %,9.0f %8.3f %11s %11s %12.0f%n", r.get("side"), r.get("style"), rate, 1000 / rate,
                    ratio(rate, torchLecture), ratio(rate, torchOpmin), num(r, "peak_rss_train_mib"));
        }
        verdict(kind, rows, torchLecture, torchOpmin);
        out.printf("cross-check, same seed and batches, loss at step 1 -> step %,d:%n", (long) num(rows.get(0), "steps_total"));
        for (Map<String, Object> r : rows) {
            out.printf("  %-8s %-8s %.7f -> %.7f%n", r.get("side"), r.get("style"), num(r, "loss_first"), num(r, "loss_last"));
        }
        out.println("memory, RSS MiB at the start / after warm-up / at the end of the run:");
        for (Map<String, Object> r : rows) {
            out.printf("  %-8s %-8s %6.0f / %6.0f / %6.0f%n", r.get("side"), r.get("style"), num(r, "rss_start_mib"),
                    num(r, "rss_warm_mib"), num(r, "rss_end_mib"));
        }
        out.printf("full-batch evaluation of the %s split (eval mode, no gradients):%n", rows.get(0).get("eval_split"));
        for (Map<String, Object> r : rows) {
            StringBuilder times = new StringBuilder();
            for (String threads : List.of("1t", "2t")) {
                Object t = r.get("eval_s_" + threads);
                if (t != null) {
                    times.append(String.format("  %.2f s (%s)", ((Number) t).doubleValue(), threads.replace("t", " thread")));
                }
            }
            out.printf("  %-8s %-8s loss %.6f%s%n", r.get("side"), r.get("style"), num(r, "eval_loss"), times);
        }
        rows.stream().filter(r -> r.get("blas") != null).findFirst().ifPresent(r -> out.println("PyTorch BLAS: " + r.get("blas")
                + (String.valueOf(r.get("blas")).contains("/blas/") ? "  (the reference BLAS: slow matmuls; install "
                        + "libopenblas0 for a fair comparison)" : "")));
        if (!sideBySide.isEmpty()) {
            sideBySide(sideBySide);
        }
        out.flush();
    }

    /** A sweep's aggregate steps/s must reach this fraction of N times one run's. */
    private static final double SCALING = 0.9;

    /** A sweep of N settings against PyTorch's lecture code's best way of training N settings. */
    private static final double SWEEP_VS_LECTURE = 1.5;

    /** ... and against the op-minimised PyTorch's best way. */
    private static final double SWEEP_VS_OPMIN = 1.0;

    /**
     * N settings at once: Java's N runs in one JVM against one run in the same process (the scaling), PyTorch's
     * scripts one run after another (a run's steps/s, measured in the same process) and on N threads; the goals
     * (scaling at least 0.9 N; the Java sweep at 1.5x the lecture code's best way and 1.0x the op-minimised
     * code's best way) and the memory each extra run costs.
     */
    private void sideBySide(List<Map<String, Object>> rows) {
        int n = (int) num(rows.get(0), "runs");
        out.printf("side by side: %d settings at once (seeds +0..+%d), steps/s, median of the repeats; load average now %s:%n",
                n, n - 1, BenchCommand.loadAverage());
        Map<String, Double> torchBest = new LinkedHashMap<>();
        Map<String, String> torchBestWay = new LinkedHashMap<>();
        for (Map<String, Object> r : rows) {
            double one = median(r);
            double agg = median(r, "agg_steps_per_s");
            if ("java".equals(r.get("side"))) {
                out.printf("  %-8s %-8s one run %,9.0f   %d runs %,9.0f (%s)   scaling %.2fx%n", r.get("side"), r.get("style"),
                        one, n, agg, perRun(r), agg / one);
            } else {
                boolean threads = agg > one;
                torchBest.put(String.valueOf(r.get("style")), Math.max(one, agg));
                torchBestWay.put(String.valueOf(r.get("style")), threads ? n + " threads" : "sequential");
                out.printf("  %-8s %-8s sequential %,9.0f   %d threads %,9.0f (%s)   threads/sequential %.2fx   best: %s%n",
                        r.get("side"), r.get("style"), one, n, agg, perRun(r), agg / one, torchBestWay.get(r.get("style")));
            }
        }
        if (rows.stream().allMatch(r -> r.get("on_cpu") != null)) {
            out.println("each run's time on a core / waiting in the run queue for one (the rest blocked: GIL, GC, locks), "
                    + "median of the repeats:");
            for (Map<String, Object> r : rows) {
                List<String> shares = new ArrayList<>();
                for (int i = 0; i <= n; i++) {
                    shares.add(percent(r, "on_cpu", i) + " / " + percent(r, "waiting_for_cpu", i));
                }
                out.printf("  %-8s %-8s one run %s   %d at once %s%n", r.get("side"), r.get("style"), shares.get(0), n,
                        String.join(", ", shares.subList(1, n + 1)));
            }
        }
        for (Map<String, Object> r : rows) {
            if (!"java".equals(r.get("side"))) {
                continue;
            }
            String style = String.valueOf(r.get("style"));
            double one = median(r);
            double agg = median(r, "agg_steps_per_s");
            double scaling = agg / one;
            out.printf("goal scaling >= %.1f x %d runs, java %s: %.2fx of one run: %s%n", SCALING, n, style, scaling,
                    scaling >= SCALING * n ? "met" : "not met");
            for (String torchStyle : List.of("lecture", "opmin")) {
                Double best = torchBest.get(torchStyle);
                if (best != null) {
                    double factor = torchStyle.equals("lecture") ? SWEEP_VS_LECTURE : SWEEP_VS_OPMIN;
                    double ratio = agg / best;
                    out.printf("goal %d-setting sweep >= %.1fx torch %s's best way, java %s: %,.0f vs %,.0f (%s) = %.2fx: %s%n", n,
                            factor, torchStyle, style, agg, best, torchBestWay.get(torchStyle), ratio,
                            ratio >= factor ? "met" : "not met");
                }
            }
        }
        out.println("memory per extra run, RSS MiB (built: after building each model; trained: after all runs' warm-up "
                + "vs after run 0's); RSS at the end vs after all runs' warm-up:");
        for (Map<String, Object> r : rows) {
            List<Double> built = list(r.get("rss_built_mib"));
            double buildEach = n > 1 ? (built.get(n - 1) - built.get(0)) / (n - 1) : 0;
            double trainEach = n > 1 ? (num(r, "rss_all_warm_mib") - num(r, "rss_one_warm_mib")) / (n - 1) : 0;
            double growth = num(r, "rss_end_mib") / num(r, "rss_all_warm_mib") - 1;
            out.printf("  %-8s %-8s %+7.1f MiB per extra run (built %+.1f, trained %+.1f); RSS %.0f -> %.0f, end %+.1f %%%n",
                    r.get("side"), r.get("style"), buildEach + trainEach, buildEach, trainEach, num(r, "rss_all_warm_mib"),
                    num(r, "rss_end_mib"), 100 * growth);
        }
        for (Map<String, Object> r : rows) {
            if ("java".equals(r.get("side"))) {
                double growth = num(r, "rss_end_mib") / num(r, "rss_all_warm_mib") - 1;
                out.printf("goal memory flat, %d runs %s: RSS end vs after warm-up %+.1f %%: %s%n", n, r.get("style"),
                        100 * growth, growth <= RSS_GROWTH ? "met" : "not met");
            }
        }
    }

    /** The median over the repeats of entry {@code i} of a per-repeat list, as a percentage ("-" if unknown). */
    private static String percent(Map<String, Object> row, String key, int i) {
        List<Double> values = new ArrayList<>();
        for (Object repeat : asList(row.get(key))) {
            Object v = asList(repeat).get(i);
            values.add(v instanceof Number x ? x.doubleValue() : Double.NaN);
        }
        double m = median(values);
        return Double.isFinite(m) ? String.format("%.0f %%", 100 * m) : "-";
    }

    /** Each run's median steps/s, joined with " + ". */
    private static String perRun(Map<String, Object> row) {
        List<Object> repeats = asList(row.get("run_steps_per_s"));
        int runs = asList(repeats.get(0)).size();
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            List<Double> rates = new ArrayList<>();
            for (Object repeat : repeats) {
                rates.add(((Number) asList(repeat).get(i)).doubleValue());
            }
            parts.add(String.format("%,.0f", median(rates)));
        }
        return String.join(" + ", parts);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object o) {
        return (List<Object>) o;
    }

    private static List<Double> list(Object o) {
        return asList(o).stream().map(x -> ((Number) x).doubleValue()).toList();
    }

    /**
     * The project's goals, one line each: FAST at 1.5x PyTorch's lecture code or better on every model, and on
     * the WaveNet at least as fast as the op-minimised PyTorch; EXACT at least as fast as the lecture code on
     * the WaveNet and conv (reported for the others); and memory flat, RSS at the end within 5 % of RSS
     * after warm-up, for every Java loop.
     */
    private void verdict(ModelKind kind, List<Map<String, Object>> rows, Double torchLecture, Double torchOpmin) {
        Map<String, Object> fast = java(rows, "fast");
        Map<String, Object> exact = java(rows, "exact");
        if (torchLecture != null && fast != null) {
            double r = median(fast) / torchLecture;
            String opmin = "";
            boolean met = r >= FAST_VS_LECTURE;
            if (kind == ModelKind.WAVENET && torchOpmin != null) {
                double o = median(fast) / torchOpmin;
                opmin = String.format(" and >= 1.0x torch opmin (%.2fx)", o);
                met &= o >= 1.0;
            }
            out.printf("goal FAST >= %.1fx torch lecture (%.2fx)%s: %s%n", FAST_VS_LECTURE, r, opmin, met ? "met" : "not met");
        }
        if (torchLecture != null && exact != null) {
            double r = median(exact) / torchLecture;
            boolean goal = kind == ModelKind.WAVENET || kind == ModelKind.CONV;
            out.printf("%s EXACT >= 1.0x torch lecture (%.2fx)%s%n", goal ? "goal" : "report", r,
                    goal ? (r >= 1.0 ? ": met" : ": not met") : "");
        }
        for (Map<String, Object> r : rows) {
            if ("java".equals(r.get("side"))) {
                double growth = num(r, "rss_end_mib") / num(r, "rss_warm_mib") - 1;
                out.printf("goal memory flat, %s: RSS end vs after warm-up %+.1f %%: %s%n", r.get("style"), 100 * growth,
                        growth <= RSS_GROWTH ? "met" : "not met");
            }
        }
    }

    private static Map<String, Object> java(List<Map<String, Object>> rows, String style) {
        return rows.stream().filter(r -> "java".equals(r.get("side")) && style.equals(r.get("style"))).findFirst().orElse(null);
    }

    private static Double rate(List<Map<String, Object>> rows, String side, String style) {
        return rows.stream().filter(r -> side.equals(r.get("side")) && style.equals(r.get("style")))
                .map(BenchReport::median).findFirst().orElse(null);
    }

    /** The median of the repeats' steps/s. */
    static double median(Map<String, Object> row) {
        return median(row, "steps_per_s");
    }

    /** The median of a list of numbers in a row. */
    static double median(Map<String, Object> row, String key) {
        return median(list(row.get(key)));
    }

    private static double median(List<Double> values) {
        List<Double> rates = new ArrayList<>(values);
        Collections.sort(rates);
        int n = rates.size();
        return n % 2 == 1 ? rates.get(n / 2) : (rates.get(n / 2 - 1) + rates.get(n / 2)) / 2;
    }

    private static String ratio(double rate, Double reference) {
        return reference == null ? "-" : String.format("%.2fx", rate / reference);
    }

    private static double num(Map<String, Object> row, String key) {
        Object v = row.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
