package dev.jshellkernel.eval;

import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.lang.reflect.Method;
import java.util.Map;

/**
 * JShell's in-process engine, so snippets share the kernel's JVM (native libraries, display calls), with
 * two additions: it keeps each snippet's result object ({@link ValueCapture}), and a stop request stays
 * in force until the cell ends, so the snippets after an interrupted one never start.
 *
 * <p>How the JDK's engine stops running code: on JDK 17 it calls {@code Thread.stop} on the snippet's
 * threads, which ends any loop. From JDK 20 {@code Thread.stop} is gone; recent JDKs (verified on 25)
 * instead compile a stop check into every loop and method of the snippets and interrupt their threads,
 * so loops written in cells stop, but a loop inside library code that ignores interrupts does not.
 */
final class KernelExecutionControl extends LocalExecutionControl {

    private volatile boolean stopRequested;

    /** Stops running user code now and keeps further snippets of this cell from starting. */
    void requestStop() {
        stopRequested = true;
        try {
            stop();
        } catch (ExecutionControlException e) {
            // Nothing is running: the flag alone keeps the next snippet from starting.
        }
    }

    /** Called when a cell starts: an interrupt belongs to the cell it was sent for. */
    void clearStopRequest() {
        stopRequested = false;
    }

    boolean stopRequested() {
        return stopRequested;
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        if (stopRequested) {
            throw new StoppedException();
        }
        // The snippet thread inherits this loader, so ServiceLoader finds jars added with %classpath.
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(doitMethod.getDeclaringClass().getClassLoader());
        ValueCapture.arm(doitMethod);
        try {
            return super.invoke(ValueCapture.TRAMPOLINE);
        } finally {
            current.setContextClassLoader(previous);
        }
    }

    /** Hands JShell a {@link KernelExecutionControl} and keeps it, so the kernel can stop it. */
    static final class Provider implements ExecutionControlProvider {
        private KernelExecutionControl control;

        @Override
        public String name() {
            return "jshell-kernel";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            control = new KernelExecutionControl();
            return control;
        }

        KernelExecutionControl control() {
            if (control == null) {
                throw new IllegalStateException("JShell has not created its execution engine yet");
            }
            return control;
        }
    }
}
