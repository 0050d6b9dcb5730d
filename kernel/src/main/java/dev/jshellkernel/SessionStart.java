package dev.jshellkernel;

import dev.jshellkernel.eval.CellException;
import dev.jshellkernel.eval.JShellSession;
import dev.jshellkernel.magic.CellRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The kernel's JShell, started on a thread of its own while the kernel connects to Jupyter, so that
 * {@code kernel_info} is answered at once and the first cell finds the compiler already loaded.
 *
 * <p>Requests that need the session wait for it, in the order they arrive (they all come from the shell
 * channel's one thread). A cell that waits can be interrupted: it then fails with {@code Interrupted}
 * without running, as a cell stopped before its first snippet does. The start itself (and the warm-up
 * that belongs to it) is never stopped.
 */
final class SessionStart {

    private static final Logger LOG = LoggerFactory.getLogger(SessionStart.class);

    /** A started session and the runner of cells on it. */
    record Ready(JShellSession session, CellRunner runner) {
    }

    private final Object lock = new Object();
    private Ready ready;
    private Throwable failure;
    private boolean cellWaiting;
    private boolean interruptRequested;

    private SessionStart() {
    }

    /**
     * Starts {@code create} on a daemon thread, then {@code warmUp} on the same thread; the session is
     * handed to requests only after both. If {@code create} fails, the kernel cannot work: {@code onFailure}
     * is called (it ends the process).
     */
    static SessionStart begin(Supplier<Ready> create, Consumer<Ready> warmUp, Consumer<Throwable> onFailure) {
        SessionStart start = new SessionStart();
        Thread thread = new Thread(() -> start.run(create, warmUp, onFailure), "jshell-kernel-start");
        thread.setDaemon(true);
        thread.start();
        return start;
    }

    private void run(Supplier<Ready> create, Consumer<Ready> warmUp, Consumer<Throwable> onFailure) {
        long began = System.nanoTime();
        Ready started;
        try {
            started = create.get();
            long created = System.nanoTime();
            warmUp.accept(started);
            LOG.debug("JShell started in {} ms, warmed up in {} ms", (created - began) / 1_000_000,
                    (System.nanoTime() - created) / 1_000_000);
        } catch (Throwable t) {
            synchronized (lock) {
                failure = t;
                lock.notifyAll();
            }
            onFailure.accept(t);
            return;
        }
        synchronized (lock) {
            ready = started;
            lock.notifyAll();
        }
    }

    /** The session if it has started, else null. */
    Ready now() {
        synchronized (lock) {
            return ready;
        }
    }

    /**
     * The session, once started, for a cell that is about to run.
     *
     * @throws CellException {@code Interrupted} when {@link #interruptWaitingCell()} came first
     */
    Ready awaitForCell() throws CellException {
        synchronized (lock) {
            cellWaiting = true;
            interruptRequested = false;
            try {
                while (ready == null && failure == null && !interruptRequested) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        interruptRequested = true; // taken as a stop request for this cell, and used up
                    }
                }
                if (interruptRequested) {
                    throw CellException.interrupted("before it started: the kernel was still starting");
                }
                if (ready == null) {
                    throw new IllegalStateException("JShell did not start: " + failure, failure);
                }
                return ready;
            } finally {
                cellWaiting = false;
                interruptRequested = false;
            }
        }
    }

    /** The session, once started, for requests that are not cells (completion, inspection, ...). */
    Ready await() {
        synchronized (lock) {
            boolean interrupted = false;
            while (ready == null && failure == null) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (ready == null) {
                throw new IllegalStateException("JShell did not start: " + failure, failure);
            }
            return ready;
        }
    }

    /**
     * An interrupt that arrives before the session is ready: the cell waiting for it (if any) fails with
     * {@code Interrupted}.
     *
     * @return false when the session is ready, so the interrupt is the session's to handle
     */
    boolean interruptWaitingCell() {
        synchronized (lock) {
            if (ready != null) {
                return false;
            }
            if (cellWaiting) {
                interruptRequested = true;
                lock.notifyAll();
            }
            return true;
        }
    }
}
