package dev.makemore.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C during training: a shutdown hook interrupts the training thread, which the trainer checks at every
 * step boundary, and then holds the JVM open until the training thread has saved its checkpoint.
 *
 * <p>Interrupts are only delivered while training runs ({@link #trainingDone()} closes that window under the
 * same lock), so a signal that arrives while the checkpoint is being written cannot interrupt the write.
 */
final class GracefulStop implements AutoCloseable {

    /** How long the JVM waits for the checkpoint after Ctrl-C before it exits anyway. */
    private static final long SAVE_TIMEOUT_SECONDS = 120;

    private final Thread worker = Thread.currentThread();
    private final CountDownLatch saved = new CountDownLatch(1);
    private final Thread hook = new Thread(this::onSignal, "makemore-ctrl-c");
    private boolean training = true;
    private boolean requested;

    /** Installs the hook for the calling (training) thread. */
    GracefulStop() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private void onSignal() {
        synchronized (this) {
            requested = true;
            if (training) {
                worker.interrupt();
            }
        }
        try {
            saved.await(SAVE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the window in which Ctrl-C interrupts the worker, and clears a pending interrupt. */
    synchronized void trainingDone() {
        training = false;
        Thread.interrupted();
    }

    /** Whether Ctrl-C (or another shutdown) asked training to stop. */
    synchronized boolean requested() {
        return requested;
    }

    /** The work is saved: lets a pending shutdown proceed, or removes the hook after a normal finish. */
    @Override
    public void close() {
        trainingDone();
        saved.countDown();
        if (!requested()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting; the hook will find the latch open
            }
        }
    }
}
