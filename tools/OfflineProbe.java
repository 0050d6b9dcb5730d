import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

/**
 * Starts DJL's PyTorch engine and runs one forward/backward pass. bin/run-tests runs this under
 * strace to prove that the engine's start-up opens no network connection.
 */
public class OfflineProbe {
    public static void main(String[] args) {
        Engine engine = Engine.getInstance();
        engine.setRandomSeed(42);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.randomNormal(new Shape(3, 3));
            w.setRequiresGradient(true);
            try (GradientCollector gc = engine.newGradientCollector()) {
                NDArray loss = w.tanh().sum();
                gc.backward(loss);
            }
            System.out.println(engine.getEngineName() + " " + engine.getVersion() + " grad sum " + w.getGradient().sum().getFloat());
        }
    }
}
