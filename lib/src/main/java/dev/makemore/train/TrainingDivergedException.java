package dev.makemore.train;

/** Thrown when a training step's loss is NaN or infinite; parameters keep the values of the step before. */
public final class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int step;
    private final float learningRate;

    /** A diverged run at {@code step} with learning rate {@code lr}. */
    public TrainingDivergedException(int step, float lr, float loss) {
        super("loss became " + loss + " at step " + step + " (learning rate " + lr
                + "); parameters keep their values from before this step. Try a smaller learning rate.");
        this.step = step;
        this.learningRate = lr;
    }

    /** The step whose loss was not finite. */
    public int step() {
        return step;
    }

    /** The learning rate in force at that step. */
    public float learningRate() {
        return learningRate;
    }
}
