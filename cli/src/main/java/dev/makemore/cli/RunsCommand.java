package dev.makemore.cli;

import dev.makemore.runs.RunLog;
import dev.makemore.runs.RunRecord;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** {@code bin/makemore runs}: the run history that the notebooks and {@code train} keep. */
@Command(name = "runs", mixinStandardHelpOptions = true, sortOptions = false, description = {
    "Lists, compares and removes the training runs kept by the notebooks and by `train`",
    "(one JSON file each, in $MAKEMORE_RUNS or the project's runs/).",
    "  runs [list] [--model ID]      every run, oldest first, the best val loss marked",
    "  runs compare ID ID...         their settings side by side, then their losses",
    "  runs rm ID...                 removes runs",
    "An ID may be shortened to any unique beginning or end of it."})
final class RunsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", description = "the run history's folder (default: $MAKEMORE_RUNS, else runs/)")
    private Path dir;

    @Option(names = "--model", paramLabel = "ID", description = "only the runs of this lecture run (e.g. wavenet, mlp-kaiming)")
    private String group;

    @Parameters(paramLabel = "ACTION [ID...]", description = "list (default), compare or rm, then run ids")
    private List<String> words = new ArrayList<>();

    @Override
    public Integer call() {
        RunLog log = RunLog.in(dir != null ? dir : RunLog.defaultDir(), "cli");
        PrintWriter out = spec.commandLine().getOut();
        String action = words.isEmpty() ? "list" : words.get(0);
        List<String> ids = words.size() > 1 ? words.subList(1, words.size()) : List.of();
        switch (action) {
            case "list", "ls" -> {
                if (!ids.isEmpty()) {
                    throw new UsageException("list takes no run ids (use --model ID to choose a lecture run)");
                }
                List<RunRecord> runs = group == null ? log.runs() : log.runs(group);
                if (runs.isEmpty()) {
                    out.println("no runs kept in " + log.dir().toAbsolutePath()
                            + (group == null ? "" : " for " + group) + " yet");
                } else {
                    out.println(RunLog.table(runs, "runs in " + log.dir().toAbsolutePath()).printAll());
                }
            }
            case "compare" -> {
                if (ids.size() < 2) {
                    throw new UsageException("compare needs two or more run ids");
                }
                out.println(compare(ids.stream().map(id -> find(log, id)).toList()).printAll());
            }
            case "rm", "remove" -> {
                if (ids.isEmpty()) {
                    throw new UsageException("rm needs the ids of the runs to remove");
                }
                List<RunRecord> runs = ids.stream().map(id -> find(log, id)).toList(); // all found before any goes
                for (RunRecord r : runs) {
                    log.remove(r.id());
                    out.println("removed " + r.id());
                }
            }
            default -> throw new UsageException("unknown action '" + action + "' (list, compare or rm)");
        }
        out.flush();
        return 0;
    }

    private static RunRecord find(RunLog log, String id) {
        try {
            return log.find(id);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** One row per setting or result, one column per run; a row whose values differ is marked. */
    static Table compare(List<RunRecord> runs) {
        Set<String> knobs = new LinkedHashSet<>();
        runs.forEach(r -> knobs.addAll(r.settings().keySet()));
        StringColumn what = StringColumn.create("");
        StringColumn differs = StringColumn.create("differs");
        List<StringColumn> columns = new ArrayList<>();
        for (RunRecord r : runs) {
            columns.add(StringColumn.create(r.id()));
        }
        List<String> rows = new ArrayList<>(knobs);
        rows.addAll(List.of("source", "parameters", "steps trained", "train loss", "val loss", "time"));
        for (String row : rows) {
            what.append(row);
            Set<String> seen = new LinkedHashSet<>();
            for (int i = 0; i < runs.size(); i++) {
                String v = value(runs.get(i), row);
                seen.add(v);
                columns.get(i).append(v);
            }
            differs.append(seen.size() > 1 ? "*" : "");
        }
        Table t = Table.create("runs compared", what);
        columns.forEach(t::addColumns);
        return t.addColumns(differs);
    }

    private static String value(RunRecord r, String row) {
        return switch (row) {
            case "source" -> r.source();
            case "parameters" -> String.format(Locale.ROOT, "%,d", r.parameters());
            case "steps trained" -> String.format(Locale.ROOT, "%,d%s", r.steps(), r.stopped() ? " (stopped)" : "");
            case "train loss" -> loss(r.train());
            case "val loss" -> loss(r.val());
            case "time" -> String.format(Locale.ROOT, "%.1f s", r.seconds());
            default -> r.settings().getOrDefault(row, "-");
        };
    }

    private static String loss(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "-";
    }
}
