package dev.jshellkernel;

import dev.jshellkernel.eval.JShellSession;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;

/**
 * Starts the kernel: {@code java -cp ... dev.jshellkernel.Main [--warm-up FILE] <connection_file>}, as a
 * kernelspec's {@code argv} does. The process ends after a shutdown request, or when the Jupyter process
 * that started it is gone, so no kernel outlives its notebook server.
 *
 * <p>{@code --warm-up FILE} names a file of JShell code that runs once, before the first cell, to load what
 * the first cells need; cells never see its output or its declarations (see {@link JShellKernel#create(Path)}).
 *
 * <p>Logging is at WARN unless the kernelspec says otherwise, and nothing logged ever contains the
 * connection file, its key or message signatures.
 */
public final class Main {

    /** How long a shutdown waits for the sockets to close (and the reply to leave) before exiting anyway. */
    private static final long CLOSE_WAIT_MILLIS = 2000;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        configureLogging();
        Path warmUp = null;
        if (args.length == 3 && args[0].equals("--warm-up")) {
            warmUp = Path.of(args[1]);
            args = new String[]{args[2]};
        }
        if (args.length != 1) {
            System.err.println("usage: java -cp <class path> dev.jshellkernel.Main [--warm-up FILE] <connection_file>");
            System.exit(2);
        }
        KernelConnectionProperties connectionProperties = readConnectionFile(args[0]);
        // JShell starts in the background from here on, while the kernel connects.
        JShellKernel kernel = JShellKernel.create(warmUp);
        JupyterConnection connection = new JupyterConnection(connectionProperties);
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        ChannelGuard.install(connection, JShellSession::releaseHeapReserve);
        kernel.onStartup();
        exitWithParent();

        kernel.awaitShutdown();
        Thread closing = new Thread(connection::waitUntilClose, "jshell-kernel-close");
        closing.setDaemon(true);
        closing.start();
        closing.join(CLOSE_WAIT_MILLIS);
        // Threads that cells started (and native thread pools) must not keep the process alive.
        System.exit(0);
    }

    private static KernelConnectionProperties readConnectionFile(String path) {
        try {
            return KernelConnectionProperties.parse(Files.readString(Path.of(path)));
        } catch (IOException | RuntimeException e) {
            // The file holds the session key: name the problem, never the content.
            System.err.println("jshell-kernel: cannot read the connection file (argument 1): "
                    + e.getClass().getSimpleName());
            System.exit(2);
            throw new AssertionError(e);
        }
    }

    /**
     * WARN by default for slf4j-simple and java.util.logging; an explicit {@code -D} setting wins. The log
     * keeps the process's own stderr even after {@code System.err} is routed into the notebook.
     */
    private static void configureLogging() {
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setIfAbsent("org.slf4j.simpleLogger.cacheOutputStream", "true");
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        if (System.getProperty("java.util.logging.config.file") == null) {
            root.setLevel(Level.WARNING);
        }
        org.slf4j.LoggerFactory.getLogger(Main.class).debug("logging configured");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Jupyter sets JPY_PARENT_PID; when that process ends without shutting us down, exit too. */
    private static void exitWithParent() {
        String parent = System.getenv("JPY_PARENT_PID");
        if (parent == null || !parent.matches("\\d+")) {
            return;
        }
        ProcessHandle.of(Long.parseLong(parent)).ifPresent(process -> process.onExit().thenRun(() -> System.exit(0)));
    }
}
