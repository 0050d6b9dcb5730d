package dev.jshellkernel;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellHandler;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Jupyter's stop-on-error rule: when a cell fails (an interrupt included), the execute requests that were
 * already waiting behind it — a notebook's "Run All" sends every cell at once — are answered
 * {@code "aborted"} instead of run, so the notebook stops at the first failing cell. Anything sent after
 * the client received the failed cell's reply runs normally.
 *
 * <p>"Already waiting" is decided by construction, not by timing: just before the failed cell's reply is
 * sent ({@link #cellFailing}), every message readable on its shell socket at that moment is taken off the
 * socket and set aside. A message the client sends after receiving the reply cannot be among them. Once
 * the failed request has been handled (its reply and idle status sent), the set-aside messages are
 * handled in their order: execute requests answered {@code "aborted"}, all other requests (completion,
 * kernel info, ...) by their usual handlers. Only then does jjava's shell loop read the socket again, so
 * the order in which the client sent its requests is kept.
 *
 * <p>A failing request with {@code stop_on_error: false} (or {@code silent: true}) sets nothing aside,
 * and a set-aside execute request with {@code stop_on_error: false} is run, not aborted. Everything here
 * runs on the failing socket's own loop thread (jjava's shell loop), the only thread that reads it.
 */
final class StopOnError {

    private static final Logger LOG = LoggerFactory.getLogger(StopOnError.class);

    /** The requests jjava's {@code BaseKernel} handles, and UNKNOWN: every shell message reaches a wrapper. */
    private static final List<MessageType<?>> SHELL_MESSAGES = List.of(
            MessageType.EXECUTE_REQUEST, MessageType.INSPECT_REQUEST, MessageType.COMPLETE_REQUEST,
            MessageType.HISTORY_REQUEST, MessageType.IS_COMPLETE_REQUEST, MessageType.KERNEL_INFO_REQUEST,
            MessageType.SHUTDOWN_REQUEST, MessageType.INTERRUPT_REQUEST, MessageType.COMM_INFO_REQUEST,
            MessageType.COMM_OPEN_COMMAND, MessageType.COMM_MSG_COMMAND, MessageType.COMM_CLOSE_COMMAND,
            MessageType.UNKNOWN);

    /** The content of ipykernel's reply to an aborted request (jjava's ExecuteReply has no such status). */
    private static final Map<String, String> ABORTED = Map.of("status", "aborted");

    @SuppressWarnings("unchecked")
    private static final MessageType<Map<String, String>> ABORTED_REPLY =
            (MessageType<Map<String, String>>) (MessageType<?>) ExecuteReply.MESSAGE_TYPE;

    private JupyterConnection connection;

    /**
     * The socket whose failed cell set messages aside, until they are handled; null otherwise. Handlers of
     * the control socket (its own thread) compare it with their socket and touch nothing else here.
     */
    private volatile ShellChannel setAsideFrom;
    /** Messages taken off {@link #setAsideFrom} before a failed cell's reply, oldest first. */
    private final Deque<Message<?>> setAside = new ArrayDeque<>();
    private boolean handlingSetAside;

    /**
     * Wraps the connection's handlers so that the set-aside messages are handled right after the failed
     * request. Call after {@code BaseKernel.becomeHandlerForConnection} (and after setting any handler).
     */
    void watch(JupyterConnection connection) {
        this.connection = connection;
        SHELL_MESSAGES.forEach(this::wrap);
    }

    private <T> void wrap(MessageType<T> type) {
        ShellHandler<T> handler = connection.getHandler(type);
        connection.setHandler(type, (env, message) -> {
            try {
                if (handler != null) {
                    handler.handle(env, message);
                } else {
                    LOG.debug("ignored a message of a type the kernel does not handle");
                }
            } finally {
                handleSetAside(env);
            }
        });
    }

    /**
     * Call when this request's cell ended in an error (compile, runtime or interrupt), before its error
     * reply is sent: takes the requests already waiting behind it off the shell socket.
     */
    void cellFailing(ShellReplyEnvironment env, ExecuteRequest request) {
        if (!request.shouldStopOnError() || request.isSilent()) {
            return;
        }
        JupyterSocket socket = env.getShell();
        if (!(socket instanceof ShellChannel shell) || (setAsideFrom != null && setAsideFrom != shell)) {
            return;
        }
        setAsideFrom = shell;
        // getEvents() is non-blocking; ZeroMQ delivers a multipart message whole, so once its first frame
        // is readable readMessage() does not block.
        while ((shell.getEvents() & ZMQ.Poller.POLLIN) != 0) {
            Message<?> message;
            try {
                message = shell.readMessage();
            } catch (RuntimeException e) {
                // jjava's loop would have failed on it too (a bad signature, unparsable JSON): drop it.
                LOG.warn("dropped an unreadable shell message: {}", e.getClass().getSimpleName());
                continue;
            }
            if (message == null) {
                break; // the socket is closed
            }
            setAside.add(message);
        }
    }

    /**
     * After a request was handled on the shell thread: sends its deferred messages (reply, idle status),
     * then handles every set-aside message as jjava's loop would have, aborting execute requests.
     */
    private void handleSetAside(ShellReplyEnvironment env) {
        if (env.getShell() != setAsideFrom || handlingSetAside) {
            return;
        }
        if (setAside.isEmpty()) {
            setAsideFrom = null;
            return;
        }
        handlingSetAside = true;
        try {
            env.resolveDeferrals();
            Message<?> message;
            while ((message = setAside.poll()) != null) {
                if (!handle(message)) {
                    setAside.clear();
                }
            }
        } finally {
            handlingSetAside = false;
            setAsideFrom = null;
        }
    }

    /** Handles one set-aside message; returns false when it shut the connection down. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private boolean handle(Message<?> message) {
        ShellReplyEnvironment env = connection.prepareReplyEnv(setAsideFrom, message);
        MessageType<?> type = message.getHeader().getType();
        try {
            if (type == MessageType.EXECUTE_REQUEST && ((ExecuteRequest) message.getContent()).shouldStopOnError()) {
                env.setBusyDeferIdle();
                env.reply(new Message<>(env.getContext(), ABORTED_REPLY, ABORTED));
            } else {
                ShellHandler handler = connection.getHandler(type);
                if (handler != null) {
                    handler.handle(env, message);
                } else {
                    LOG.warn("unhandled message type {}", type.getName());
                }
            }
        } catch (Exception e) {
            LOG.warn("a queued {} failed: {}", type.getName(), e.getClass().getSimpleName());
        } finally {
            env.resolveDeferrals();
        }
        if (env.isMarkedForShutdown()) {
            connection.close();
            return false;
        }
        return true;
    }
}
