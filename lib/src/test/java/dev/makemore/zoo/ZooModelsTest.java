package dev.makemore.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.makemore.Torch;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Shapes, parameter counts, PyTorch's parameter names and causality of every model type. */
class ZooModelsTest {

    /** names.txt: 26 letters and the start/end token; the longest name has 15 letters. */
    private static final int VOCAB = 27;
    private static final int BLOCK = 16;

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = Torch.newManager();
        Torch.seed(42);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private SequenceModel defaults(ZooType type) {
        return ZooModels.build(ZooConfig.defaults(type, VOCAB, BLOCK), manager);
    }

    /** The counts, worked out by hand at makemore.py's defaults (n_embd = n_embd2 = 64, 4 layers, 4 heads). */
    @Test
    void parameterCountsAtMakemoreDefaults() {
        int linear128To64 = 128 * 64 + 64; // a recurrent cell's [x; h] -> h
        int head = 64 * 27 + 27;
        assertEquals(27 * 27, defaults(ZooType.BIGRAM).parameterCount()); // 729
        assertEquals(28 * 64 + (16 * 64 * 64 + 64) + head, defaults(ZooType.MLP).parameterCount()); // 69,147
        assertEquals(64 + 27 * 64 + linear128To64 + head, defaults(ZooType.RNN).parameterCount()); // 11,803
        assertEquals(64 + 27 * 64 + 3 * linear128To64 + head, defaults(ZooType.GRU).parameterCount()); // 28,315
        assertEquals(2 * 64 + 27 * 64 + 4 * linear128To64 + head, defaults(ZooType.LSTM).parameterCount()); // 36,635
        assertEquals(27 * 64 + 16 * 64 + 2 * (64 * 64 + 64) + head, defaults(ZooType.BOW).parameterCount()); // 12,827
        int block = 2 * 64 + (64 * 192 + 192) + (64 * 64 + 64) + 2 * 64 + (64 * 256 + 256) + (256 * 64 + 64);
        long body = 27 * 64 + 16 * 64 + 4L * block + 2 * 64; // 202,816: makemore.py prints "0.20M"
        TransformerModel transformer = (TransformerModel) defaults(ZooType.TRANSFORMER);
        assertEquals(body, transformer.parameterCountWithoutHead());
        assertEquals(body + 64 * 27, transformer.parameterCount()); // 204,544
        assertEquals(List.of(729L, 69_147L, 11_803L, 28_315L, 36_635L, 12_827L, 204_544L),
                java.util.Arrays.stream(ZooType.values()).map(t -> defaults(t).parameterCount()).toList());
    }

    @Test
    void everyTypeMapsBTtoBTVocab() {
        NDArray idx = manager.create(new long[] {0, 5, 26, 3, 3, 1, 0, 2, 9, 8, 7, 6}, new Shape(2, 6));
        for (ZooType type : ZooType.values()) {
            NDArray logits = Torch.noGrad(() -> defaults(type).forward(idx));
            assertEquals(new Shape(2, 6, VOCAB), logits.getShape(), type.label());
        }
    }

    @Test
    void blockSizes() {
        assertEquals(1, defaults(ZooType.BIGRAM).blockSize());
        assertEquals(BLOCK, defaults(ZooType.TRANSFORMER).blockSize());
        assertEquals(BLOCK, defaults(ZooType.MLP).blockSize());
    }

    @Test
    void parameterNamesArePytorchs() {
        ZooConfig tiny = new ZooConfig(ZooType.TRANSFORMER, 5, 4, 1, 2, 4, 3);
        assertEquals(List.of("transformer.wte.weight", "transformer.wpe.weight", "transformer.h.0.ln_1.weight",
                "transformer.h.0.ln_1.bias", "transformer.h.0.attn.c_attn.weight", "transformer.h.0.attn.c_attn.bias",
                "transformer.h.0.attn.c_proj.weight", "transformer.h.0.attn.c_proj.bias", "transformer.h.0.ln_2.weight",
                "transformer.h.0.ln_2.bias", "transformer.h.0.mlp.c_fc.weight", "transformer.h.0.mlp.c_fc.bias",
                "transformer.h.0.mlp.c_proj.weight", "transformer.h.0.mlp.c_proj.bias", "transformer.ln_f.weight",
                "transformer.ln_f.bias", "lm_head.weight"), names(tiny));
        assertEquals(List.of("start", "wte.weight", "cell.xh_to_z.weight", "cell.xh_to_z.bias", "cell.xh_to_r.weight",
                "cell.xh_to_r.bias", "cell.xh_to_hbar.weight", "cell.xh_to_hbar.bias", "lm_head.weight", "lm_head.bias"),
                names(tiny.withType(ZooType.GRU)));
        assertEquals(List.of("start", "start_c", "wte.weight", "cell.xh_to_i.weight", "cell.xh_to_i.bias",
                "cell.xh_to_f.weight", "cell.xh_to_f.bias", "cell.xh_to_g.weight", "cell.xh_to_g.bias",
                "cell.xh_to_o.weight", "cell.xh_to_o.bias", "lm_head.weight", "lm_head.bias"),
                names(tiny.withType(ZooType.LSTM)));
        assertEquals(List.of("wte.weight", "mlp.0.weight", "mlp.0.bias", "mlp.2.weight", "mlp.2.bias"),
                names(tiny.withType(ZooType.MLP)));
        assertEquals(List.of("wte.weight", "wpe.weight", "context_block.mlp.c_fc.weight", "context_block.mlp.c_fc.bias",
                "context_block.mlp.c_proj.weight", "context_block.mlp.c_proj.bias", "lm_head.weight", "lm_head.bias"),
                names(tiny.withType(ZooType.BOW)));
        assertEquals(List.of("logits"), names(tiny.withType(ZooType.BIGRAM)));
    }

    private List<String> names(ZooConfig config) {
        return List.copyOf(ZooModels.build(config, manager).namedParameters().keySet());
    }

    /** PyTorch's {@code nn.Linear(in, out)}: weight {@code [out, in]} and bias within {@code ±1/sqrt(in)}, drawn weight first. */
    @Test
    void linearDrawsPytorchsShapesAndBounds() {
        Torch.seed(3);
        TorchLinear linear = new TorchLinear(100, 7, true, ai.djl.ndarray.types.DataType.FLOAT32, manager);
        Map<String, NDArray> p = linear.namedParameters();
        assertEquals(new Shape(7, 100), p.get("weight").getShape());
        assertEquals(new Shape(7), p.get("bias").getShape());
        assertEquals(0.1, TorchLinear.kaimingUniformBound(100), 1e-15);
        assertEquals(0.1f, p.get("weight").abs().max().getFloat(), 0.01f);
        Torch.seed(3);
        NDArray first = manager.randomUniform(-0.1f, 0.1f, new Shape(7, 100));
        assertArrayEquals(first.toFloatArray(), p.get("weight").toFloatArray());
    }

    /** A position's logits never depend on later tokens: changing the last token changes only the last position. */
    @Test
    void everyModelIsCausal() {
        long[] a = {1, 2, 3, 4, 5, 6};
        long[] b = a.clone();
        b[5] = 20;
        for (ZooType type : ZooType.values()) {
            SequenceModel model = defaults(type);
            float[] la = Torch.noGrad(() -> model.forward(manager.create(a, new Shape(1, 6)))).toFloatArray();
            float[] lb = Torch.noGrad(() -> model.forward(manager.create(b, new Shape(1, 6)))).toFloatArray();
            for (int i = 0; i < 5 * VOCAB; i++) {
                assertEquals(la[i], lb[i], 0f, type.label() + " position " + i / VOCAB);
            }
            if (type != ZooType.BIGRAM) { // the bigram starts at zeros: every row equal
                assertNotEquals(la[5 * VOCAB], lb[5 * VOCAB], type.label() + " ignores the current token");
            }
        }
    }

    /** The MLP at position t reads tokens t, t-1, ..., t-blockSize+1 and BLANK before the start: nothing older. */
    @Test
    void mlpReadsExactlyItsWindow() {
        ZooConfig config = new ZooConfig(ZooType.MLP, 5, 3, 1, 1, 2, 4);
        SequenceModel model = ZooModels.build(config, manager);
        long[] a = {1, 2, 3, 4, 0, 1};
        long[] b = a.clone();
        b[0] = 4; // outside the window of positions 3, 4, 5
        float[] la = Torch.noGrad(() -> model.forward(manager.create(a, new Shape(1, 6)))).toFloatArray();
        float[] lb = Torch.noGrad(() -> model.forward(manager.create(b, new Shape(1, 6)))).toFloatArray();
        for (int i = 3 * 5; i < 6 * 5; i++) {
            assertEquals(la[i], lb[i], 0f);
        }
        assertNotEquals(la[2 * 5], lb[2 * 5]);
        // position 0 sees (1, BLANK, BLANK): the same as a one-token sequence (to rounding: a one-row matrix
        // product may round differently)
        float[] alone = Torch.noGrad(() -> model.forward(manager.create(new long[] {1}, new Shape(1, 1)))).toFloatArray();
        for (int i = 0; i < 5; i++) {
            assertEquals(alone[i], la[i], 1e-6f);
        }
    }

    @Test
    void buildValidatesTheConfig() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ZooModels.build(new ZooConfig(ZooType.TRANSFORMER, 27, 16, 4, 3, 64, 64), manager));
        assertEquals(true, e.getMessage().startsWith("nEmbd:"), e.getMessage());
    }

    @Test
    void sequencesLongerThanTheBlockAreRefused() {
        SequenceModel model = ZooModels.build(new ZooConfig(ZooType.BOW, 5, 3, 1, 1, 2, 4), manager);
        assertThrows(IllegalArgumentException.class, () -> model.forward(manager.create(new long[] {1, 2, 3, 4}, new Shape(1, 4))));
    }
}
