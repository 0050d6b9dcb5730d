package dev.makemore.table;

import dev.makemore.LectureNumbers.SplitLosses;
import dev.makemore.data.Bigrams;
import dev.makemore.data.Vocab;
import java.util.List;
import java.util.TreeMap;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The lectures' printed facts as Tablesaw tables, which notebooks render and the CLI prints. */
public final class Tables {

    private Tables() {}

    /** What the data holds: counts, lengths and the character set. */
    public static Table datasetSummary(List<String> words) {
        int min = Integer.MAX_VALUE;
        int max = 0;
        long letters = 0;
        for (String w : words) {
            int n = w.codePointCount(0, w.length());
            min = Math.min(min, n);
            max = Math.max(max, n);
            letters += n;
        }
        Vocab vocab = Vocab.of(words);
        StringColumn fact = StringColumn.create("fact");
        StringColumn value = StringColumn.create("value");
        add(fact, value, "names", words.size());
        add(fact, value, "unique names", words.stream().distinct().count());
        add(fact, value, "shortest", min);
        add(fact, value, "longest", max);
        fact.append("mean length");
        value.append(String.format("%.4f", (double) letters / words.size()));
        add(fact, value, "characters", letters);
        add(fact, value, "examples (letters + one end token per name)", letters + words.size());
        fact.append("vocabulary");
        value.append(vocab.size() + ": " + String.join("", vocab.symbols()));
        return Table.create("dataset", fact, value);
    }

    private static void add(StringColumn fact, StringColumn value, String name, long v) {
        fact.append(name);
        value.append(String.format("%,d", v));
    }

    /** How many names have each length. */
    public static Table lengthHistogram(List<String> words) {
        TreeMap<Integer, Integer> counts = new TreeMap<>();
        for (String w : words) {
            counts.merge(w.codePointCount(0, w.length()), 1, Integer::sum);
        }
        IntColumn length = IntColumn.create("length");
        IntColumn names = IntColumn.create("names");
        counts.forEach((k, v) -> {
            length.append(k);
            names.append(v);
        });
        return Table.create("name lengths", length, names);
    }

    /** The {@code k} most frequent bigrams, most frequent first. */
    public static Table topBigrams(Bigrams bigrams, int k) {
        IntColumn rank = IntColumn.create("rank");
        StringColumn bigram = StringColumn.create("bigram");
        IntColumn count = IntColumn.create("count");
        List<Bigrams.Entry> top = bigrams.top(k);
        for (int i = 0; i < top.size(); i++) {
            rank.append(i + 1);
            bigram.append(top.get(i).bigram());
            count.append(top.get(i).count());
        }
        return Table.create("top bigrams", rank, bigram, count);
    }

    /** This run's split losses next to the lecture's, with the difference (NaN where the lecture has none). */
    public static Table splitLosses(SplitLosses lecture, double train, double val, double test) {
        StringColumn split = StringColumn.create("split", "train", "val", "test");
        DoubleColumn ours = DoubleColumn.create("this run", train, val, test);
        DoubleColumn theirs = DoubleColumn.create("lecture", lecture.train(), lecture.val(), lecture.test());
        DoubleColumn diff = DoubleColumn.create("difference", train - lecture.train(), val - lecture.val(),
                test - lecture.test());
        return Table.create("split loss: " + lecture.model(), split, ours, theirs, diff);
    }

    /**
     * The output shape of every layer of {@code model} for {@code batch}, in eval mode and without autograd (so
     * the running statistics are left alone), titled with the parameter count.
     */
    @SuppressWarnings("try") // the scope frees what the forward pass creates
    public static Table layerShapes(dev.makemore.nn.Sequential model, ai.djl.ndarray.NDArray batch) {
        model.train(false);
        StringColumn layer = StringColumn.create("layer");
        StringColumn shape = StringColumn.create("output shape");
        dev.makemore.Torch.noGrad(() -> {
            try (ai.djl.ndarray.NDScope ignored = new ai.djl.ndarray.NDScope()) {
                ai.djl.ndarray.NDArray x = batch;
                layer.append("input");
                shape.append(x.getShape().toString());
                for (dev.makemore.nn.Layer l : model.layers()) {
                    x = l.forward(x);
                    layer.append(l.toString());
                    shape.append(x.getShape().toString());
                }
            }
        });
        return Table.create(String.format(java.util.Locale.ROOT, "%,d parameters", model.parameterCount()), layer, shape);
    }
}
