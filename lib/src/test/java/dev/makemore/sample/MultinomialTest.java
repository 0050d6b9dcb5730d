package dev.makemore.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.makemore.Torch;
import org.junit.jupiter.api.Test;

class MultinomialTest {

    @Test
    void frequenciesFollowTheProbabilities() {
        float[] p = {0.5f, 0.3f, 0.15f, 0.05f, 0f};
        int n = 20_000;
        int[] counts = new int[p.length];
        try (NDManager m = Torch.newManager()) {
            Torch.seed(123);
            for (int i = 0; i < n; i++) {
                counts[Multinomial.sample(p, m)]++;
            }
        }
        double chi2 = 0;
        for (int k = 0; k < 4; k++) {
            double expected = n * p[k];
            chi2 += (counts[k] - expected) * (counts[k] - expected) / expected;
        }
        assertEquals(0, counts[4], "a zero-probability category is never drawn");
        assertTrue(chi2 < 16.27, "chi-square " + chi2 + " exceeds the 0.1% critical value for 3 degrees of freedom");
    }

    @Test
    void unnormalisedWeightsWorkLikeTorch() {
        try (NDManager m = Torch.newManager()) {
            Torch.seed(9);
            int a = Multinomial.sample(new float[] {1f, 2f, 3f}, m);
            Torch.seed(9);
            int b = Multinomial.sample(new float[] {1f / 6, 2f / 6, 3f / 6}, m);
            assertEquals(a, b);
        }
    }

    @Test
    void eachDrawConsumesOneDoublePerCategoryOfTheGenerator() {
        try (NDManager m = Torch.newManager()) {
            Torch.seed(77);
            Multinomial.sample(new float[27], m);
            double next = m.randomUniform(0f, 1f, new Shape(1), DataType.FLOAT64).getDouble(0);
            Torch.seed(77);
            double skipped = m.randomUniform(0f, 1f, new Shape(28), DataType.FLOAT64).toDoubleArray()[27];
            assertEquals(skipped, next, 0.0);
        }
    }
}
