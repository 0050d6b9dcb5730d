package dev.makemore.train;

/** The learning rate at each step. */
@FunctionalInterface
public interface LearningRate {

    /** The learning rate for step {@code step} (0-based). */
    float at(int step);

    /** The same rate at every step. */
    static LearningRate constant(float lr) {
        return step -> lr;
    }

    /**
     * The lectures' step decay: {@code lr = before if i < switchStep else after}, e.g. 0.1 then 0.01 from step
     * 100,000 (parts 2, 3) or 150,000 (part 3's deep net, part 5).
     */
    static LearningRate step(float before, float after, int switchStep) {
        return new StepDecay(before, after, switchStep);
    }

    /** {@link #step(float, float, int)} as a record, so it prints and compares. */
    record StepDecay(float before, float after, int switchStep) implements LearningRate {
        @Override
        public float at(int step) {
            return step < switchStep ? before : after;
        }
    }
}
