package dev.makemore.train;

import dev.makemore.Decimal;
import java.io.PrintStream;

/** Called after every training step: for live charts, progress bars, diagnostics or checkpoints. */
@FunctionalInterface
public interface StepListener {

    /** Handles one finished step. */
    void onStep(StepEvent event);

    /** Prints {@code "      0/ 200000: 3.3167"} every {@code every} steps, as the lectures do. */
    static StepListener printing(int every, PrintStream out) {
        return e -> {
            if (e.step() % every == 0) {
                out.printf("%7d/%7d: %s%n", e.step(), e.maxSteps(), Decimal.fixed(e.loss(), 4));
            }
        };
    }
}
