package dev.jshellkernel.eval;

import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JShell's in-process engine, so snippets share the kernel's JVM (native libraries, display calls), with
 * two additions: it keeps each snippet's result object ({@link ValueCapture}), and a stop request stays
 * in force until the cell ends, so the snippets after an interrupted one never start.
 *
 * <p>How the JDK's engine stops running code: on JDK 17 it calls {@code Thread.stop} on the snippet's
 * threads, which ends any loop. From JDK 20 {@code Thread.stop} is gone; recent JDKs (verified on 25)
 * instead compile a stop check into every loop and method of the snippets and interrupt their threads,
 * so loops written in cells stop, but a loop inside library code that ignores interrupts does not.
 *
 * <p>It also remembers the classes JShell loads for snippets, so that the values of variables can be let
 * go ({@link #releaseValues}): JShell keeps each variable in a static field of its snippet's class, and
 * neither dropping the variable nor declaring it again clears that field.
 */
final class KernelExecutionControl extends LocalExecutionControl {

    /** JShell's snippet classes: {@code REPL.$JShell$12}, {@code REPL.$JShell$12B}, {@code REPL.$JShell$12_13}. */
    private static final String WRAPPER_PREFIX = "REPL.$JShell$";

    private volatile boolean stopRequested;
    /** The snippet classes loaded so far, oldest first. */
    private final List<String> wrapperClasses = new ArrayList<>();

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
    public void load(ClassBytecodes[] classes)
            throws ClassInstallException, NotImplementedException, EngineTerminationException {
        try {
            super.load(classes);
        } finally {
            synchronized (wrapperClasses) {
                for (ClassBytecodes loaded : classes) {
                    String name = loaded.name();
                    if (name.startsWith(WRAPPER_PREFIX) && name.indexOf('$', WRAPPER_PREFIX.length()) < 0) {
                        wrapperClasses.add(name);
                    }
                }
            }
        }
    }

    /**
     * Sets to null every variable value that snippet classes hold, except the current value of the
     * variables named in {@code keep}. A variable's current value is in the class loaded last among those
     * that declare it; older classes hold the values of variables declared again since (JShell never clears
     * them), and classes of dropped variables still hold theirs. Primitive values hold no memory and stay.
     *
     * @return how many values were let go
     */
    int releaseValues(Set<String> keep) {
        List<String> classes;
        synchronized (wrapperClasses) {
            classes = new ArrayList<>(wrapperClasses);
        }
        Set<String> current = new HashSet<>();
        int released = 0;
        for (int i = classes.size() - 1; i >= 0; i--) {
            Field[] fields;
            try {
                fields = findClass(classes.get(i)).getDeclaredFields();
            } catch (ClassNotFoundException | LinkageError e) {
                continue;
            }
            for (Field field : fields) {
                int modifiers = field.getModifiers();
                if (!Modifier.isStatic(modifiers) || Modifier.isFinal(modifiers) || field.isSynthetic()) {
                    continue;
                }
                String name = field.getName();
                boolean latest = current.add(name);
                if (latest && keep.contains(name) || field.getType().isPrimitive()) {
                    continue;
                }
                try {
                    field.setAccessible(true);
                    if (field.get(null) != null) {
                        field.set(null, null);
                        released++;
                    }
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // Not a field this kernel can change: leave it.
                }
            }
        }
        return released;
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
