package dev.makemore.plot;

/** {@code torch.histogram(t, bins, density=True)}: equal-width bins between the minimum and the maximum. */
final class Histogram {

    private Histogram() {}

    /**
     * The bin centres and densities of {@code values}; the densities integrate to 1.
     *
     * @return {@code {centres, densities}}
     */
    static double[][] density(float[] values, int bins) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (values.length == 0) {
            return new double[][] {new double[0], new double[0]};
        }
        if (min == max) { // all equal: one unit-wide bin around the value, like torch
            min -= 0.5;
            max += 0.5;
        }
        double width = (max - min) / bins;
        double[] counts = new double[bins];
        for (float v : values) {
            counts[Math.min(bins - 1, (int) ((v - min) / width))]++;
        }
        double[] centres = new double[bins];
        for (int b = 0; b < bins; b++) {
            centres[b] = min + (b + 0.5) * width;
            counts[b] /= values.length * width;
        }
        return new double[][] {centres, counts};
    }
}
