package dev.jshellkernel;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.Loop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;

/**
 * Keeps jjava's socket threads (shell, control, heartbeat) alive through an {@link Error}. jjava catches
 * the {@link Exception}s of a request's handler, but any {@code Error} thrown while a message is read,
 * handled or answered (an {@link OutOfMemoryError} when a cell has filled the heap) ends the socket's
 * thread, and with the shell thread gone the kernel answers nothing more. Each loop is given an error
 * callback that lets the kernel's heap reserve go when the heap is full, logs, and goes on with the next
 * message.
 *
 * <p>The loops are private fields of jjava's channels, reached by reflection; with another jjava version
 * where they are not found, nothing is guarded and a DEBUG line says so.
 */
final class ChannelGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelGuard.class);

    /** How long a loop pauses after an error, so that an error that repeats does not spin a core. */
    private static final long PAUSE_MILLIS = 10;

    private ChannelGuard() {
    }

    /** Installs the guard on the connection's loops; call after {@link JupyterConnection#connect()}. */
    static void install(JupyterConnection connection, Runnable onOutOfMemory) {
        for (String channel : new String[]{"shell", "control", "heartbeat"}) {
            try {
                Object socket = field(JupyterConnection.class, channel).get(connection);
                Loop loop = null;
                for (Class<?> type = socket.getClass(); type != null && loop == null; type = type.getSuperclass()) {
                    for (Field candidate : type.getDeclaredFields()) {
                        if (Loop.class.isAssignableFrom(candidate.getType())) {
                            candidate.setAccessible(true);
                            loop = (Loop) candidate.get(socket);
                        }
                    }
                }
                if (loop == null) {
                    LOG.debug("no loop found for the {} channel; its thread is not guarded", channel);
                    continue;
                }
                loop.onError(error -> survive(channel, error, onOutOfMemory));
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.debug("cannot guard the {} channel's thread: {}", channel, e.toString());
            }
        }
    }

    private static long survive(String channel, Throwable error, Runnable onOutOfMemory) {
        if (error instanceof OutOfMemoryError) {
            onOutOfMemory.run();
        }
        try {
            LOG.warn("the {} channel's thread survived an error: {}", channel, error.toString());
            LOG.debug("the error the {} channel's thread survived", channel, error);
        } catch (Throwable again) {
            // Nothing more to do: the heap may still be full.
        }
        return PAUSE_MILLIS;
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }
}
