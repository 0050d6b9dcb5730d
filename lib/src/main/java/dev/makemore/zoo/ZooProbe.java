package dev.makemore.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.makemore.Torch;
import java.util.Map;

/**
 * Prints, as one JSON object, what {@code bench/makemore_ref.py} prints for PyTorch, so the two can be compared
 * ({@code tests/cli/test_zoo_reference.py}): after {@code Torch.seed(seed)}, the initial parameters, the logits of
 * a fixed input, and the losses and parameters of two AdamW steps on it with makemore.py's settings.
 *
 * <p>The input is {@code idx[b][t] = (7 b + 3 t + 1) % vocab}, {@code B = 3}, {@code T = blockSize}; the targets are
 * the same formula at {@code t + 1}, with the last two positions of the last row set to {@code -1}.
 *
 * <pre>java -cp lib/target/classes:lib/target/deps/* dev.makemore.zoo.ZooProbe TYPE SEED VOCAB BLOCK NLAYER NHEAD NEMBD NEMBD2</pre>
 */
public final class ZooProbe {

    /** Rows of the fixed input. */
    static final int BATCH = 3;

    private ZooProbe() {}

    public static void main(String[] args) {
        if (args.length != 8) {
            System.err.println("usage: ZooProbe TYPE SEED VOCAB BLOCK NLAYER NHEAD NEMBD NEMBD2");
            System.exit(2);
        }
        ZooConfig config = new ZooConfig(ZooType.parse(args[0]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                Integer.parseInt(args[4]), Integer.parseInt(args[5]), Integer.parseInt(args[6]), Integer.parseInt(args[7]));
        System.out.println(probe(config, Long.parseLong(args[1])));
    }

    /** The JSON object for {@code config} after {@code seed}. */
    public static String probe(ZooConfig config, long seed) {
        try (NDManager manager = Torch.newManager()) {
            Torch.seed(seed);
            SequenceModel model = ZooModels.build(config, manager);
            StringBuilder json = new StringBuilder("{\"type\": \"").append(config.type().label()).append("\", ");
            json.append("\"params\": ");
            parameters(json, model.namedParameters());
            int t = config.blockSize();
            long[] idx = new long[BATCH * t];
            long[] targets = new long[BATCH * t];
            for (int b = 0; b < BATCH; b++) {
                for (int i = 0; i < t; i++) {
                    idx[b * t + i] = (7L * b + 3L * i + 1) % config.vocabSize();
                    targets[b * t + i] = (7L * b + 3L * (i + 1) + 1) % config.vocabSize();
                }
            }
            for (int i = Math.max(0, t - 2); i < t; i++) {
                targets[(BATCH - 1) * t + i] = SequenceLoss.IGNORE;
            }
            NDArray x = manager.create(idx, new Shape(BATCH, t));
            NDArray y = manager.create(targets, new Shape(BATCH, t));
            json.append(", \"logits\": ");
            values(json, Torch.noGrad(() -> model.forward(x)));
            AdamW optimizer = new AdamW(model.parameters());
            json.append(", \"losses\": [");
            for (int step = 0; step < 2; step++) {
                try (GradientCollector collector = Torch.engine().newGradientCollector()) {
                    NDArray loss = SequenceLoss.crossEntropy(model.forward(x), y);
                    collector.backward(loss);
                    json.append(step == 0 ? "" : ", ").append(loss.getFloat());
                }
                optimizer.step();
                optimizer.zeroGrad();
            }
            json.append("], \"after\": ");
            parameters(json, model.namedParameters());
            return json.append("}").toString();
        }
    }

    private static void parameters(StringBuilder json, Map<String, NDArray> named) {
        json.append("{");
        boolean first = true;
        for (Map.Entry<String, NDArray> e : named.entrySet()) {
            json.append(first ? "" : ", ").append('"').append(e.getKey()).append("\": {\"shape\": ")
                    .append(java.util.Arrays.toString(e.getValue().getShape().getShape())).append(", \"values\": ");
            values(json, e.getValue());
            json.append("}");
            first = false;
        }
        json.append("}");
    }

    private static void values(StringBuilder json, NDArray a) {
        float[] v = a.toFloatArray();
        json.append("[");
        for (int i = 0; i < v.length; i++) {
            json.append(i == 0 ? "" : ", ").append(v[i]);
        }
        json.append("]");
    }
}
