package dev.jshellkernel.io;

import org.dflib.jjava.jupyter.channels.ReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;
import org.dflib.jjava.jupyter.messages.publish.PublishUpdateDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishStream.StreamType;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Carries everything a cell prints or displays to the notebook, in order, while the cell runs.
 *
 * <p>Cell threads only append to an in-memory queue; a kernel thread sends the queue to the IOPub socket
 * {@value #FLUSH_MILLIS} ms after it stops being empty, and the kernel flushes it before each reply. This is what makes
 * interrupts safe: on JDK 17 an interrupt stops the cell thread with {@code Thread.stop}, which could
 * otherwise land half-way through writing a multi-part ZeroMQ message and garble the channel. It also
 * merges a training loop's thousands of {@code println}s into a few messages per second.
 *
 * <p>Output goes to the request most recently {@linkplain #attach attached}, so output of background
 * threads shows up under the cell that is running (as in IPython).
 */
public final class OutputRouter implements AutoCloseable {

    static final long FLUSH_MILLIS = 50;

    private final Object queueLock = new Object();
    private final List<Pending> queue = new ArrayList<>();
    private final ReentrantLock sendLock = new ReentrantLock();
    private final ScheduledExecutorService flusher;
    private final PrintStream out = stream(StreamType.OUT);
    private final PrintStream err = stream(StreamType.ERR);
    private volatile ReplyEnvironment target;
    private volatile boolean discarding;

    public OutputRouter() {
        flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "jshell-kernel-output");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The stream that {@code System.out} should be: text goes to the notebook as {@code stdout}. */
    public PrintStream stdout() {
        return out;
    }

    /** The stream that {@code System.err} should be: text goes to the notebook as {@code stderr}. */
    public PrintStream stderr() {
        return err;
    }

    /**
     * While {@code on}, everything printed or displayed is dropped instead of queued: for code that runs
     * before any cell (a warm-up), whose output must never reach a notebook.
     */
    public void discard(boolean on) {
        discarding = on;
    }

    /** Sends what is queued to the previous request, then directs later output to {@code request}. */
    public void attach(ReplyEnvironment request) {
        flush();
        target = request;
    }

    /**
     * Queues display data behind the text printed so far.
     *
     * @param update true to replace an earlier output with the same display id ({@code update_display_data})
     */
    public void display(DisplayData data, boolean update) {
        synchronized (queueLock) {
            enqueue(new Display(data, update));
        }
    }

    /** Sends everything queued so far, in order; returns once it is on the socket. */
    public void flush() {
        sendLock.lock();
        try {
            ReplyEnvironment request = target;
            if (request == null) {
                return;
            }
            List<Pending> batch;
            synchronized (queueLock) {
                if (queue.isEmpty()) {
                    return;
                }
                batch = new ArrayList<>(queue);
                queue.clear();
            }
            for (Pending item : batch) {
                item.sendTo(request);
            }
        } finally {
            sendLock.unlock();
        }
    }

    @Override
    public void close() {
        flusher.shutdownNow();
        flush();
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            // A closed socket during shutdown; the next flush (or none) follows.
        }
    }

    private void append(StreamType stream, CharSequence chars) {
        synchronized (queueLock) {
            Pending last = queue.isEmpty() ? null : queue.get(queue.size() - 1);
            if (last instanceof Text text && text.stream == stream) {
                text.chars.append(chars);
            } else {
                enqueue(new Text(stream, new StringBuilder(chars)));
            }
        }
    }

    /** Adds to the queue (holding {@code queueLock}); the first item of a batch schedules its flush. */
    private void enqueue(Pending item) {
        if (discarding) {
            return;
        }
        if (queue.isEmpty()) {
            try {
                flusher.schedule(this::flushQuietly, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                // The kernel is shutting down; what is printed now is not sent.
            }
        }
        queue.add(item);
    }

    private PrintStream stream(StreamType type) {
        return new PrintStream(new DecodingStream(type), true, StandardCharsets.UTF_8);
    }

    /** An item waiting in the queue. */
    private sealed interface Pending permits Text, Display {
        void sendTo(ReplyEnvironment request);
    }

    /** A run of text for one stream; consecutive writes to the same stream extend it. */
    private record Text(StreamType stream, StringBuilder chars) implements Pending {
        @Override
        public void sendTo(ReplyEnvironment request) {
            request.publish(new PublishStream(stream, chars.toString()));
        }
    }

    private record Display(DisplayData data, boolean update) implements Pending {
        @Override
        public void sendTo(ReplyEnvironment request) {
            if (update) {
                request.publish(new PublishUpdateDisplayData(data));
            } else {
                request.publish(new PublishDisplayData(data));
            }
        }
    }

    /** Decodes UTF-8 bytes into the queue, keeping an incomplete multi-byte character for the next write. */
    private final class DecodingStream extends OutputStream {
        private final StreamType type;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        private byte[] carry = new byte[0];

        DecodingStream(StreamType type) {
            this.type = type;
        }

        @Override
        public void write(int b) {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            ByteBuffer in = ByteBuffer.allocate(carry.length + length);
            in.put(carry).put(bytes, offset, length).flip();
            CharBuffer chars = CharBuffer.allocate(in.remaining());
            decoder.decode(in, chars, false);
            carry = new byte[in.remaining()];
            in.get(carry);
            chars.flip();
            if (chars.hasRemaining()) {
                append(type, chars);
            }
        }
    }
}
