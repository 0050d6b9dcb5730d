package dev.makemore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NumericPathTest {

    /** What tools/numeric_path_env.sh sets up, and the parts the probe must then report. */
    private static final Map<String, String[]> EMULATED = Map.of(
            "amd-avx512", new String[] {"oneMKL generic", "oneMKL generic", "ATen AVX-512"},
            "amd-avx2", new String[] {"oneMKL generic", "oneMKL generic", "ATen AVX2"},
            "intel-avx512", new String[] {"oneMKL Intel AVX-512", "oneMKL Intel AVX-512", "ATen AVX-512"},
            "intel-avx2", new String[] {"oneMKL Intel AVX2", "oneMKL Intel AVX2", "ATen AVX2"});

    @Test
    void namesThePathItRunsOn() {
        NumericPath path = NumericPath.current();
        System.out.println(OnPath.banner());
        assertEquals(System.getProperty("os.arch"), path.arch());
        String emulated = System.getenv("MAKEMORE_EMULATED_PATH");
        if (emulated != null && path.arch().equals("amd64")) {  // tools/numeric_path_env.sh emulates x86-64 paths
            // the probe recognises each emulated path by computing, whatever the CPU's vendor
            String[] parts = EMULATED.get(emulated);
            assertArrayEquals(parts, new String[] {path.blas(), path.math(), path.vector()}, path.toString());
            assertEquals(emulated.equals("amd-avx512"), path.isReference(), path.toString());
        }
        assertEquals(path.isReference(), path.toString().endsWith("(reference path)"));
        assertTrue(path.expectation().startsWith(path.isReference() ? "the lecture's seeded numbers are expected bit for bit"
                : "the lecture's numbers are expected to the printed precision"), path.expectation());
    }

    @Test
    void probingTwiceGivesTheSameAnswerAndLeavesTheGeneratorAlone() {
        try (NDManager m = Torch.newManager()) {
            Torch.seed(7);
            float[] expected = m.randomNormal(new Shape(20)).toFloatArray();
            Torch.seed(7);
            NumericPath again = NumericPath.probe();
            assertArrayEquals(expected, m.randomNormal(new Shape(20)).toFloatArray(), 0f);
            assertEquals(NumericPath.current().toString(), again.toString());
        }
    }

    @Test
    void anUnseenHashIsReportedAsUnrecognisedAndNotAsTheReference() {
        NumericPath odd = new NumericPath("amd64", "12345678", "3dfbce58", "2152ff39");
        assertEquals("unrecognised 12345678", odd.blas());
        assertEquals("oneMKL generic", odd.math());
        assertFalse(odd.isReference());
        // the same bits from another architecture are another library: named by architecture too
        NumericPath arm = new NumericPath("aarch64", "d2a3a972", "deec8a11", "1f78bdc8");
        assertEquals("ARM64 Linux", arm.blas());
        assertFalse(arm.isReference());
        assertEquals("unrecognised 3dfbce58", new NumericPath("aarch64", "1da9823b", "3dfbce58", "2152ff39").math());
        NumericPath reference = new NumericPath("amd64", "1da9823b", "3dfbce58", "2152ff39");
        assertTrue(reference.isReference());
    }
}
