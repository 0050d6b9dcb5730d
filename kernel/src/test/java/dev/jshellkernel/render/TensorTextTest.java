package dev.jshellkernel.render;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static dev.jshellkernel.render.TensorText.Kind.BOOLEAN;
import static dev.jshellkernel.render.TensorText.Kind.FLOAT;
import static dev.jshellkernel.render.TensorText.Kind.INTEGER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Expected texts follow PyTorch 2.x's number formats and layout for the same tensors (without "tensor("). */
class TensorTextTest {

    @Test
    void wholeValuedFloatsPrintWithATrailingDot() {
        // torch.arange(6.).reshape(2, 3)
        assertEquals("[[0., 1., 2.],\n [3., 4., 5.]]",
                TensorText.format(new double[]{0, 1, 2, 3, 4, 5}, new long[]{2, 3}, FLOAT));
    }

    @Test
    void fractionsPrintWithFourDecimalsAligned() {
        // torch.tensor([0.1, -2.5, 10.0])
        assertEquals("[ 0.1000, -2.5000, 10.0000]",
                TensorText.format(new double[]{0.1, -2.5, 10}, new long[]{3}, FLOAT));
    }

    @Test
    void widelySpreadMagnitudesSwitchToScientificNotation() {
        // torch.tensor([1e-5, 1.0])
        assertEquals("[1.0000e-05, 1.0000e+00]", TensorText.format(new double[]{1e-5, 1}, new long[]{2}, FLOAT));
    }

    @Test
    void nonFiniteValuesAndScalars() {
        assertEquals("[   nan,    inf,   -inf, 1.5000]", TensorText.format(
                new double[]{Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.5}, new long[]{4}, FLOAT));
        assertEquals("3.2500", TensorText.format(new double[]{3.25}, new long[]{}, FLOAT));
        assertEquals("7", TensorText.format(new double[]{7}, new long[]{}, INTEGER));
    }

    @Test
    void integersAndBooleans() {
        assertEquals("[[ 1, -2],\n [30,  4]]", TensorText.format(new double[]{1, -2, 30, 4}, new long[]{2, 2}, INTEGER));
        assertEquals("[ true, false]", TensorText.format(new double[]{1, 0}, new long[]{2}, BOOLEAN));
    }

    @Test
    void threeDimensionsSeparateBlocksWithABlankLine() {
        // torch.arange(8).reshape(2, 2, 2)
        assertEquals("[[[0, 1],\n  [2, 3]],\n\n [[4, 5],\n  [6, 7]]]",
                TensorText.format(IntStream.range(0, 8).asDoubleStream().toArray(), new long[]{2, 2, 2}, INTEGER));
    }

    @Test
    void largeTensorsAreSummarisedToTheirEdges() {
        // torch.arange(2000)
        assertEquals("[   0,    1,    2, ..., 1997, 1998, 1999]",
                TensorText.format(IntStream.range(0, 2000).asDoubleStream().toArray(), new long[]{2000}, INTEGER));
        // torch.arange(2000).reshape(200, 10)
        assertEquals("""
                [[   0,    1,    2, ...,    7,    8,    9],
                 [  10,   11,   12, ...,   17,   18,   19],
                 [  20,   21,   22, ...,   27,   28,   29],
                 ...,
                 [1970, 1971, 1972, ..., 1977, 1978, 1979],
                 [1980, 1981, 1982, ..., 1987, 1988, 1989],
                 [1990, 1991, 1992, ..., 1997, 1998, 1999]]""",
                TensorText.format(IntStream.range(0, 2000).asDoubleStream().toArray(), new long[]{200, 10}, INTEGER));
    }

    @Test
    void longRowsWrapAtEightyColumns() {
        String text = TensorText.format(IntStream.range(0, 27).asDoubleStream().map(v -> v / 4).toArray(),
                new long[]{27}, FLOAT);
        String[] lines = text.split("\n");
        assertEquals(3, lines.length);
        for (String line : lines) {
            assertEquals(true, line.length() <= TensorText.LINE_WIDTH, line);
        }
        assertEquals("[0.0000, 0.2500, 0.5000,", lines[0].substring(0, 24));
        assertEquals(" ", lines[1].substring(0, 1));
    }

    @Test
    void aShapeThatDoesNotFitTheValuesIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> TensorText.format(new double[]{1, 2, 3}, new long[]{2, 2}, FLOAT));
    }
}
