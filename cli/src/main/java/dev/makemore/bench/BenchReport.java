package dev.makemore.bench;

import dev.makemore.cli.ModelKind;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
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

    /** One model's table, ratios against PyTorch's lecture code and its op-minimised version. */
    void model(ModelKind kind, BenchCommand.Steps plan, List<Map<String, Object>> rows) {
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
        out.flush();
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
    @SuppressWarnings("unchecked")
    static double median(Map<String, Object> row) {
        List<Double> rates = new ArrayList<>();
        for (Object o : (List<Object>) row.get("steps_per_s")) {
            rates.add(((Number) o).doubleValue());
        }
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
