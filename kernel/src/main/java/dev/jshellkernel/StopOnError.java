package dev.jshellkernel;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.channels.ShellHandler;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;

import java.util.List;
import java.util.Map;

/**
 * Jupyter's stop-on-error rule: when a cell fails (an interrupt included), the execute requests already
 * waiting behind it — a notebook's "Run All" sends every cell at once — are answered {@code "aborted"}
 * instead of run, so the notebook stops at the first failing cell. Requests sent after that queue has been
 * drained run normally.
 *
 * <p>jjava's shell loop reads one message at a time from the shell socket and hands it to a handler, so
 * "waiting" means "readable from the shell socket". After a failure this class aborts execute requests
 * until, after some shell message was handled, the socket has nothing more to read. That is ipykernel's
 * rule (an "aborting" flag, cleared once the messages queued at that moment are drained); like ipykernel
 * it never compares message timestamps, which come from the client's clock.
 *
 * <p>A failing request with {@code stop_on_error: false} (or {@code silent: true}) aborts nothing, and a
 * waiting request with {@code stop_on_error: false} is run, not aborted. The shell loop's thread does all
 * the work; control-channel messages (interrupt, shutdown) pass through the same handlers and are ignored.
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

    /** The shell socket whose waiting execute requests are being aborted; null while none are. */
    private volatile JupyterSocket draining;

    /**
     * Wraps the connection's handlers so that the end of the abort is noticed after any shell message, not
     * only after execute requests. Call after {@code BaseKernel.becomeHandlerForConnection}.
     */
    void watch(JupyterConnection connection) {
        SHELL_MESSAGES.forEach(type -> wrap(connection, type));
    }

    private <T> void wrap(JupyterConnection connection, MessageType<T> type) {
        ShellHandler<T> handler = connection.getHandler(type);
        connection.setHandler(type, (env, message) -> {
            try {
                if (handler != null) {
                    handler.handle(env, message);
                } else {
                    LOG.debug("ignored a message of a type the kernel does not handle");
                }
            } finally {
                messageHandled(env);
            }
        });
    }

    /** Records that this request's cell ended in an error (compile, runtime or interrupt). */
    void cellFailed(ShellReplyEnvironment env, ExecuteRequest request) {
        if (request.shouldStopOnError() && !request.isSilent()) {
            draining = env.getShell();
        }
    }

    /**
     * Answers the request {@code "aborted"} (with the usual busy/idle status around it) when it waited
     * behind a failed cell. Returns whether it did; the caller runs the request otherwise.
     */
    boolean abortIfWaiting(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        if (draining != env.getShell() || !message.getContent().shouldStopOnError()) {
            return false;
        }
        env.setBusyDeferIdle();
        env.reply(new Message<>(env.getContext(), ABORTED_REPLY, ABORTED));
        return true;
    }

    private void messageHandled(ShellReplyEnvironment env) {
        JupyterSocket socket = draining;
        // Only the shell loop's own thread gets here with its socket, so polling it is safe.
        if (socket != null && socket == env.getShell() && (socket.getEvents() & ZMQ.Poller.POLLIN) == 0) {
            draining = null;
        }
    }
}
