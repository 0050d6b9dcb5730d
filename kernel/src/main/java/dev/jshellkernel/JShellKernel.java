package dev.jshellkernel;

import dev.jshellkernel.eval.CellException;
import dev.jshellkernel.eval.CodeSource;
import dev.jshellkernel.eval.JShellSession;
import dev.jshellkernel.eval.JShellSession.Completion;
import dev.jshellkernel.eval.JShellSession.Result;
import dev.jshellkernel.io.OutputRouter;
import dev.jshellkernel.magic.CellRunner;
import dev.jshellkernel.magic.MagicCell;
import dev.jshellkernel.render.OptionalRenderers;
import dev.jshellkernel.runtime.Display;
import dev.jshellkernel.runtime.DisplaySink;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.Comm;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.reply.CommInfoReply;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.reply.HistoryReply;
import org.dflib.jjava.jupyter.messages.reply.InterruptReply;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;
import org.dflib.jjava.jupyter.messages.reply.ShutdownReply;
import org.dflib.jjava.jupyter.messages.request.CommInfoRequest;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.dflib.jjava.jupyter.messages.request.InterruptRequest;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;
import org.dflib.jjava.jupyter.messages.request.ShutdownRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Jupyter kernel for Java: cells run in an in-process JShell, on top of jjava-jupyter's protocol layer
 * ({@link BaseKernel}). Execution runs on the shell channel's thread; interrupt and shutdown requests
 * arrive on the control channel's thread, so they are served while a cell runs. A failing cell aborts the
 * execute requests queued behind it ({@link StopOnError}).
 *
 * <p>Replies follow the messaging spec (version {@value #PROTOCOL_VERSION}) where jjava's do not: every
 * reply carries {@code "status": "ok"} ({@link OkReply}), {@code history_request} is answered from the
 * cells run so far ({@link History}), and {@code silent} and {@code store_history} are honoured.
 *
 * <p>JShell starts on a thread of its own while the kernel connects ({@link SessionStart}); requests that
 * need it wait for it. An optional warm-up file runs there too, before the first cell.
 */
public final class JShellKernel extends BaseKernel {

    private static final Logger LOG = LoggerFactory.getLogger(JShellKernel.class);

    /** Every session starts with these, so cells read like the JShell tool's and can call display(). */
    static final List<String> STARTUP = List.of(
            "import java.io.*;",
            "import java.math.*;",
            "import java.nio.file.*;",
            "import java.util.*;",
            "import java.util.concurrent.*;",
            "import java.util.function.*;",
            "import java.util.stream.*;",
            "import dev.jshellkernel.runtime.Display;",
            "import static dev.jshellkernel.runtime.Display.*;");

    /** The messaging protocol version jjava speaks (its message headers say so too). */
    static final String PROTOCOL_VERSION = "5.3";

    private static final Pattern MAGIC_PREFIX = Pattern.compile("(?m)^\\s*(%%?)(\\w*)$");

    private final OutputRouter output;
    private final SessionStart start;
    private boolean cellsRan;
    private final CountDownLatch shutdown = new CountDownLatch(1);
    private final StopOnError stopOnError = new StopOnError();
    private final History history = new History();

    private JShellKernel(Renderer renderer, OutputRouter output, Path warmUp) {
        super("jshell-kernel", version(), languageInfo(), List.of(), null,
                new JupyterIO(StandardCharsets.UTF_8), new CommManager(), renderer, null, null, false,
                new StringStyler.Builder().build());
        this.output = output;
        List<String> libraries = OptionalRenderers.registerAvailable(renderer, getClass().getClassLoader());
        LOG.debug("renderers registered for: {}", libraries);
        System.setOut(output.stdout());
        System.setErr(output.stderr());
        System.setIn(new ByteArrayInputStream(new byte[0]));
        Display.connect(new DisplaySink() {
            @Override
            public Renderer renderer() {
                return renderer;
            }

            @Override
            public void publish(DisplayData data, boolean update) {
                output.display(data, update);
            }
        });
        this.start = SessionStart.begin(() -> {
            JShellSession session = new JShellSession(STARTUP, output.stderr(), true);
            return new SessionStart.Ready(session, new CellRunner(session, output.stdout()));
        }, ready -> warmUp(ready.session(), warmUp), JShellKernel::startFailed);
    }

    /**
     * Creates the kernel: starts JShell (in the background), registers renderers, and routes
     * {@code System.out} and {@code System.err} to the notebook (the kernel's own log keeps the process's
     * original stderr).
     */
    public static JShellKernel create() {
        return create(null);
    }

    /**
     * As {@link #create()}, and runs the JShell code in {@code warmUp} (when not null) once JShell has
     * started, before any cell: see {@link #warmUp}.
     */
    public static JShellKernel create(Path warmUp) {
        return new JShellKernel(new Renderer(), new OutputRouter(), warmUp);
    }

    /**
     * Runs the warm-up file: code that loads what the first cells will need (classes, native libraries),
     * so they answer sooner. It leaves no trace a cell could see: its output is dropped, everything it
     * declares (imports included) is dropped afterwards, and a failure is only logged (at WARN, to the
     * kernel's log). Its side effects stay, which is the point: classes loaded, threads it started.
     */
    private void warmUp(JShellSession session, Path file) {
        if (file == null) {
            return;
        }
        String code;
        try {
            code = Files.readString(file);
        } catch (IOException | RuntimeException e) {
            LOG.warn("the warm-up file {} cannot be read ({}); starting without it", file, e.getClass().getSimpleName());
            return;
        }
        output.discard(true);
        try {
            session.evaluateAndForget(code, new CodeSource("warm-up " + file.getFileName(), 1));
        } catch (CellException e) {
            LOG.warn("the warm-up file {} failed: {}: {}", file, e.name(), e.value());
        } catch (RuntimeException | StackOverflowError e) {
            LOG.warn("the warm-up file {} failed inside the kernel: {}", file, e.toString());
        } finally {
            output.discard(false);
        }
    }

    /** Without JShell the kernel cannot do anything: say why on the log and end, as a failed start does. */
    private static void startFailed(Throwable t) {
        LOG.error("JShell could not start: {}", t.toString(), t);
        System.exit(1);
    }

    /** Blocks until a shutdown (or restart) request was handled. */
    public void awaitShutdown() throws InterruptedException {
        shutdown.await();
    }

    @Override
    public void becomeHandlerForConnection(JupyterConnection connection) {
        super.becomeHandlerForConnection(connection);
        // jjava's CommManager answers comm_info_request without "status"; this handler is wrapped below.
        connection.setHandler(MessageType.COMM_INFO_REQUEST, this::handleCommInfoRequest);
        stopOnError.watch(connection);
    }

    @Override
    protected void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        ExecuteRequest request = message.getContent();
        boolean silent = request.isSilent();
        // The spec's counter counts the requests with store_history (which silent forces off); the others
        // run under the number the next stored cell will get.
        boolean stored = request.shouldStoreHistory() && !silent;
        int count = stored ? executionCount.getAndIncrement() : executionCount.get();
        try {
            execute(env, request, count, silent, stored);
        } catch (OutOfMemoryError e) {
            // The heap filled up outside the cell's own code (publishing, replying): the cell must still be
            // answered, or the notebook waits for it forever.
            JShellSession.releaseHeapReserve();
            try {
                LOG.warn("cell {} failed inside the kernel: {}", count, e.toString());
                replyError(env, request, count, outOfMemory(e, request.getCode()));
            } catch (OutOfMemoryError again) {
                JShellSession.releaseHeapReserve();
            }
        }
    }

    /**
     * The error for an {@link OutOfMemoryError} met outside the cell's code, once the variables of the cell
     * were dropped as after one in its code (a cell may fill the heap and catch the error itself).
     */
    private CellException outOfMemory(OutOfMemoryError e, String code) {
        String freed = null;
        SessionStart.Ready ready = start.now();
        if (ready != null) {
            try {
                freed = ready.session().freeHeapAfterCell(code, e.getMessage());
            } catch (RuntimeException | OutOfMemoryError again) {
                JShellSession.releaseHeapReserve();
            }
        }
        String message = String.valueOf(e.getMessage());
        List<String> lines = new ArrayList<>();
        lines.add(e.toString() + " (in the kernel, after the cell's code)");
        if (freed != null) {
            lines.add("OutOfMemoryError: " + freed);
        }
        return new CellException(e.getClass().getName(), freed == null ? message : freed, lines);
    }

    private void execute(ShellReplyEnvironment env, ExecuteRequest request, int count, boolean silent,
                         boolean stored) {
        env.setBusyDeferIdle();
        if (!silent) {
            env.publish(new PublishExecuteInput(request.getCode(), count));
        }
        if (stored) {
            history.record(count, request.getCode());
        }
        long received = System.nanoTime();
        SessionStart.Ready ready;
        try {
            ready = start.awaitForCell();
        } catch (CellException e) {
            output.attach(env);
            replyError(env, request, count, e);
            return;
        }
        JShellSession session = ready.session();
        long began = System.nanoTime();
        output.attach(env);
        session.beginCell();
        try {
            Result result = ready.runner().run(request.getCode(), CodeSource.cell(count));
            DisplayData shown = result.hasValue() ? renderResult(result.value()) : null;
            output.flush();
            if (shown != null && !silent) {
                env.publish(new PublishExecuteResult(count, shown));
                if (stored && shown.getData(MIMEType.TEXT_PLAIN) instanceof String text) {
                    history.recordOutput(count, text);
                }
            }
            env.reply(new ExecuteReply(count, Map.of()));
        } catch (CellException e) {
            replyError(env, request, count, e);
        } catch (OutOfMemoryError e) {
            // Room to reply (taken again when the next cell starts), and what the cell holds freed.
            JShellSession.releaseHeapReserve();
            LOG.warn("cell {} failed inside the kernel: {}", count, e.toString());
            replyError(env, request, count, outOfMemory(e, request.getCode()));
        } catch (Throwable t) {
            // A kernel fault (or an Error such as StackOverflowError while compiling): report, stay alive.
            LOG.warn("cell {} failed inside the kernel: {}", count, t.toString());
            replyError(env, request, count, new CellException(t.getClass().getName(),
                    String.valueOf(t.getMessage()), stackTraceLines(t)));
        } finally {
            session.endCell();
            if (LOG.isDebugEnabled()) {
                LOG.debug("cell {}: waited {} ms for JShell, ran in {} ms", count, (began - received) / 1_000_000,
                        (System.nanoTime() - began) / 1_000_000);
            }
            if (!cellsRan) {
                // The first cell has answered: now JShell may index the class path for completion.
                cellsRan = true;
                session.resumeIndexing();
            }
        }
    }

    private DisplayData renderResult(Object value) throws CellException {
        try {
            return Display.render(value);
        } catch (RuntimeException e) {
            List<String> lines = new ArrayList<>();
            lines.add("The cell's value could not be shown: " + e);
            lines.addAll(stackTraceLines(e));
            throw new CellException(e.getClass().getName(), "cannot show the value: " + e.getMessage(), lines);
        }
    }

    private void replyError(ShellReplyEnvironment env, ExecuteRequest request, int count, CellException e) {
        // Before anything of the failure reaches the client: only requests already waiting may be aborted.
        stopOnError.cellFailing(env, request);
        output.flush();
        env.publish(new PublishError(e.name(), e.value(), e.traceback()));
        ErrorReply reply = new ErrorReply(e.name(), e.value(), e.traceback());
        reply.setExecutionCount(count);
        env.replyError(ExecuteReply.MESSAGE_TYPE.error(), reply);
    }

    @Override
    protected void handleKernelInfoRequest(ShellReplyEnvironment env, Message<KernelInfoRequest> message) {
        env.setBusyDeferIdle();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("protocol_version", PROTOCOL_VERSION);
        info.put("implementation", getName());
        info.put("implementation_version", getVersion());
        info.put("language_info", getLanguageInfo());
        info.put("banner", getBanner());
        info.put("help_links", getHelpLinks());
        info.put("debugger", false);
        OkReply.send(env, KernelInfoReply.MESSAGE_TYPE, info);
    }

    @Override
    protected void handleHistoryRequest(ShellReplyEnvironment env, Message<HistoryRequest> message) {
        HistoryRequest request = message.getContent();
        boolean withOutput = request.includeOutput();
        env.setBusyDeferIdle();
        List<List<Object>> rows;
        if (request instanceof HistoryRequest.Tail tail) {
            rows = history.tail(tail.getMaxReturnLength(), withOutput);
        } else if (request instanceof HistoryRequest.Range range) {
            rows = history.range(range.getSessionIndex(), range.getStart(), range.getStop(), withOutput);
        } else if (request instanceof HistoryRequest.Search search) {
            rows = history.search(search.getPattern(), search.getMaxReturnLength(), search.filterUnique(),
                    withOutput);
        } else {
            rows = List.of();
        }
        OkReply.send(env, HistoryReply.MESSAGE_TYPE, Map.of("history", rows));
    }

    private void handleCommInfoRequest(ShellReplyEnvironment env, Message<CommInfoRequest> message) {
        String target = message.getContent().getTargetName();
        env.setBusyDeferIdle();
        Map<String, Object> comms = new LinkedHashMap<>();
        for (Comm comm : getCommManager()) {
            if (target == null || target.equals(comm.getTargetName())) {
                comms.put(comm.getID(), Map.of("target_name", comm.getTargetName()));
            }
        }
        OkReply.send(env, CommInfoReply.MESSAGE_TYPE, Map.of("comms", comms));
    }

    @Override
    protected void handleInterruptRequest(ShellReplyEnvironment env, Message<InterruptRequest> message) {
        env.setBusyDeferIdle();
        env.defer();
        OkReply.send(env, InterruptReply.MESSAGE_TYPE, Map.of());
        interrupt();
    }

    @Override
    protected void handleShutdownRequest(ShellReplyEnvironment env, Message<ShutdownRequest> message) {
        boolean restart = message.getContent().isRestart();
        env.setBusyDeferIdle();
        env.defer();
        OkReply.send(env, ShutdownReply.MESSAGE_TYPE, Map.of("restart", restart));
        onShutdown(restart);
        env.resolveDeferrals();
        env.markForShutdown();
    }

    @Override
    public void interrupt() {
        if (!start.interruptWaitingCell()) {
            start.now().session().interrupt();
        }
    }

    @Override
    public Object evalRaw(String source) {
        try {
            Result result = start.await().runner().run(source, new CodeSource("eval", 1));
            return result.hasValue() ? result.value() : null;
        } catch (CellException e) {
            throw new IllegalStateException(e.name() + ": " + e.value(), e);
        }
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        Matcher magic = MAGIC_PREFIX.matcher(code.substring(0, at));
        if (magic.find() && magic.end() == at) {
            return completeMagic(magic, at);
        }
        JShellSession session = start.await().session();
        session.resumeIndexing();
        Completion completion = session.complete(code, at);
        return new ReplacementOptions(completion.candidates(), completion.start(), completion.end());
    }

    private static ReplacementOptions completeMagic(Matcher magic, int at) {
        boolean cell = magic.group(1).length() == 2;
        String typed = magic.group(2);
        List<String> names = (cell ? CellRunner.CELL_MAGICS : CellRunner.LINE_MAGICS).stream()
                .filter(name -> name.startsWith(typed))
                .toList();
        return new ReplacementOptions(names, magic.start(2), at);
    }

    @Override
    public String isComplete(String code) {
        MagicCell cell = MagicCell.parse(code);
        if (cell.cellMagic() == null && cell.code().isBlank()) {
            return IS_COMPLETE_YES;
        }
        return switch (start.await().session().completeness(cell.code())) {
            case "complete" -> IS_COMPLETE_YES;
            case "invalid" -> IS_COMPLETE_BAD;
            default -> "    ";
        };
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        String documentation = start.await().session().documentation(code, at, extraDetail);
        return documentation.isEmpty() ? null : new DisplayData(documentation);
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        try {
            SessionStart.Ready ready = start.now();
            if (ready != null) {
                ready.session().interrupt();
                ready.session().close();
            }
            output.close();
            super.onShutdown(isRestarting);
        } finally {
            shutdown.countDown();
        }
    }

    private static List<String> stackTraceLines(Throwable t) {
        StringWriter text = new StringWriter();
        t.printStackTrace(new PrintWriter(text));
        return List.of(text.toString().split("\\R"));
    }

    private static LanguageInfo languageInfo() {
        return new LanguageInfo.Builder("java")
                .version(Runtime.version().toString())
                .mimetype("text/x-java-source")
                .fileExtension(".jshell")
                .pygments("java")
                .codemirror("java")
                .build();
    }

    private static String version() {
        String version = JShellKernel.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
