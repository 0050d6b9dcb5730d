"""The kernel over the Jupyter protocol, as a notebook uses it."""
import base64
import os
import subprocess
import time

import pytest
from jupyter_kernel_test.msgspec_v5 import validate_message

from conftest import derived_spec, java_home_of_spec, start_kernel


# ---- execute -------------------------------------------------------------------------------------

def test_last_expression_is_the_result_and_statements_run_in_order(kernel):
    reply, outputs = kernel.execute(
        "import java.time.*;\n"
        "int x = 20;\n"
        "int twice(int a) {\n"
        "    return a * 2;\n"
        "}\n"
        "record Point(int x, int y) {}\n"
        "System.out.println(\"point \" + new Point(1, 2));\n"
        "twice(x) + 2")
    assert reply["status"] == "ok"
    assert kernel.stdout(outputs) == "point Point[x=1, y=2]\n"
    assert [c["data"]["text/plain"] for k, c, _ in outputs if k == "execute_result"] == ["42"]


def test_a_trailing_semicolon_hides_the_value(kernel):
    reply, outputs = kernel.execute("List<Integer> xs = new ArrayList<>();\nxs.add(1);")
    assert reply["status"] == "ok"
    assert outputs == []


def test_redefining_a_method_and_a_class_in_a_later_cell(kernel):
    kernel.execute("int f() { return 1; }\nclass Box { String v() { return \"old\"; } }")
    assert kernel.value("f() + new Box().v()") == '1old'
    kernel.execute("int f() { return 2; }\nclass Box { String v() { return \"new\"; } }")
    assert kernel.value("f() + new Box().v()") == '2new'


def test_output_streams_while_the_cell_runs(kernel):
    reply, outputs = kernel.execute(
        'for (int i = 0; i < 4; i++) { System.out.println("tick " + i); Thread.sleep(400); }\n'
        'System.err.println("done");')
    assert reply["status"] == "ok"
    ticks = [t for k, c, t in outputs if k == "stream" and "tick 0" in c["text"]]
    assert ticks, outputs
    # The first tick arrived while the cell still had more than a second to run.
    assert outputs[-1][2] - ticks[0] > 1.0
    assert [c["text"] for k, c, _ in outputs if k == "stream" and c["name"] == "stderr"] == ["done\n"]


# ---- display -------------------------------------------------------------------------------------

def test_display_returns_an_id_that_update_display_replaces(kernel):
    reply, outputs = kernel.execute(
        'String id = display("epoch 1");\n'
        'updateDisplay(id, "epoch 2");\n'
        'display("<b>bold</b>", "text/html");\n'
        'id')
    assert reply["status"] == "ok"
    kinds = [k for k, _, _ in outputs]
    assert kinds == ["display_data", "update_display_data", "display_data", "execute_result"]
    first, update, html, result = (c for _, c, _ in outputs)
    display_id = first["transient"]["display_id"]
    assert first["data"]["text/plain"] == "epoch 1"
    assert update["transient"]["display_id"] == display_id
    assert update["data"]["text/plain"] == "epoch 2"
    assert html["data"]["text/html"] == "<b>bold</b>"
    assert result["data"]["text/plain"] == display_id


def test_display_works_as_a_method_reference(kernel):
    reply, outputs = kernel.execute('List.of("a", "b").forEach(Display::display);')
    assert reply["status"] == "ok", reply
    assert [c["data"]["text/plain"] for k, c, _ in outputs] == ["a", "b"]


def png_size(data):
    raw = base64.b64decode(data["image/png"])
    assert raw[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(raw[16:20], "big"), int.from_bytes(raw[20:24], "big")


def test_an_image_is_a_png(kernel):
    reply, outputs = kernel.execute(
        "var image = new java.awt.image.BufferedImage(30, 20, java.awt.image.BufferedImage.TYPE_INT_RGB);\nimage")
    assert reply["status"] == "ok"
    assert png_size(outputs[-1][1]["data"]) == (30, 20)


def test_a_cell_ending_with_an_xchart_chart_shows_it(kernel):
    reply, outputs = kernel.execute(
        "var chart = new org.knowm.xchart.XYChartBuilder().width(400).height(300).title(\"loss\").build();\n"
        "chart.addSeries(\"train\", new double[]{1, 2, 3}, new double[]{3.0, 2.5, 2.2});\n"
        "chart")
    assert reply["status"] == "ok", reply
    data = outputs[-1][1]["data"]
    assert png_size(data) == (400, 300)
    assert data["text/plain"] == 'XYChart "loss" (400x300)'


def test_a_tablesaw_table_is_html_with_text(kernel):
    reply, outputs = kernel.execute(
        "tech.tablesaw.api.Table.create(\"t\", tech.tablesaw.api.StringColumn.create(\"name\", \"emma\", \"ava\"))")
    assert reply["status"] == "ok", reply
    data = outputs[-1][1]["data"]
    assert "<td>emma</td>" in data["text/html"]
    assert "emma" in data["text/plain"]


def test_an_ndarray_is_readable_text(kernel):
    reply, outputs = kernel.execute(
        "var nd = ai.djl.ndarray.NDManager.newBaseManager();\nnd.arange(6f).reshape(2, 3)")
    assert reply["status"] == "ok", reply
    assert outputs[-1][1]["data"]["text/plain"] == "ND: (2, 3) cpu() float32\n[[0., 1., 2.],\n [3., 4., 5.]]"


# ---- errors --------------------------------------------------------------------------------------

def test_a_compile_error_shows_message_line_and_code(kernel):
    reply, outputs = kernel.execute("int fine = 1;\nint broken = fine + missing;")
    assert reply["status"] == "error"
    assert reply["ename"] == "CompilationError"
    assert "line 2" in reply["evalue"] and "cannot find symbol" in reply["evalue"]
    traceback = "\n".join(reply["traceback"])
    assert "    int broken = fine + missing;\n                        ^^^^^^^" in traceback
    assert [k for k, _, _ in outputs] == ["error"]


def test_a_runtime_error_shows_class_message_and_the_users_frames(kernel):
    kernel.execute("int ratio(int a, int b) {\n    return a / b;\n}")
    reply, _ = kernel.execute("int zero = 0;\nratio(1, zero)")
    assert reply["status"] == "error"
    assert reply["ename"] == "java.lang.ArithmeticException"
    assert reply["evalue"] == "/ by zero"
    assert reply["traceback"][0] == "java.lang.ArithmeticException: / by zero"
    assert reply["traceback"][1].startswith("    at ratio (cell [") and reply["traceback"][1].endswith("line 2)")
    assert reply["traceback"][2].endswith("line 2")
    assert not any("jdk.jshell" in line or "reflect" in line for line in reply["traceback"])


def test_errors_do_not_lose_earlier_variables(kernel):
    kernel.execute("int keep = 41;\nObject none = null;\nnone.toString();")
    assert kernel.value("keep + 1") == "42"


def test_a_stack_overflow_is_an_error_not_a_dead_kernel(kernel):
    reply, _ = kernel.execute("int down(int n) { return down(n + 1) + 1; }\ndown(0)")
    assert reply["ename"] == "java.lang.StackOverflowError"
    assert kernel.value("1 + 1") == "2"


# ---- out of memory: the cell's variables are dropped, the kernel goes on ----------------------------

FILL_THE_HEAP = ("long[][] big = new long[100000][]; "
                 "for (int i = 0; i < big.length; i++) big[i] = new long[1_000_000];")


def heap_in_use_mb(kernel):
    return int(kernel.value("System.gc();\n(Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory())"
                            " >> 20"))


@pytest.fixture(scope="module")
def small_heap(tmp_path_factory):
    """A kernel of its own with a 256 MB heap, so that filling it takes a second, not a minute. Without the
    warm-up file: its thread loads libtorch in the background, and libtorch's loader crashes the JVM when it
    runs while the heap is full (a JNI call that fails for want of heap, unchecked)."""
    def small(spec):
        spec["argv"] = [a for a in spec["argv"] if not a.startswith("-Xmx")]
        spec["argv"].insert(1, "-Xmx256m")
        if "--warm-up" in spec["argv"]:
            at = spec["argv"].index("--warm-up")
            del spec["argv"][at:at + 2]
    tmp_path = tmp_path_factory.mktemp("small-heap")
    started = start_kernel(tmp_path, kernel_name="small-heap", spec_dir=derived_spec(tmp_path, "small-heap", small))
    yield started
    started.shutdown()


def test_a_cell_that_fills_the_heap_drops_its_variables_and_the_next_cells_run(small_heap):
    kernel = small_heap
    kernel.execute("int keep = 41;\nList<String> names = new ArrayList<>(List.of(\"a\", \"b\"));")
    before = heap_in_use_mb(kernel)
    reply, outputs = kernel.execute(FILL_THE_HEAP)
    assert reply["ename"] == "java.lang.OutOfMemoryError"
    assert reply["traceback"][0] == "java.lang.OutOfMemoryError: Java heap space"
    explained = ("Java heap space. Dropped the variables this cell declared or filled, to free the heap: big."
                 " Fix the cell and run it again.")
    assert reply["traceback"][-1] == "OutOfMemoryError: " + explained
    assert reply["evalue"] == explained
    assert [c["ename"] for k, c, _ in outputs if k == "error"] == ["java.lang.OutOfMemoryError"]
    started = time.monotonic()
    assert kernel.value("int x = 2 + 3; x") == "5"
    assert time.monotonic() - started < 5
    assert kernel.value("int twice(int n) { return 2 * n; }\ntwice(21)") == "42"
    assert kernel.value("byte[] block = new byte[100_000_000];\nblock.length") == "100000000"
    assert kernel.execute("block = null;")[0]["status"] == "ok"
    assert kernel.value("new byte[100_000_000].length") == "100000000"
    assert kernel.value("keep + names.size()") == "43"
    reply, _ = kernel.execute("big")
    assert reply["ename"] == "CompilationError" and "cannot find symbol" in reply["evalue"]
    assert heap_in_use_mb(kernel) < before + 48  # of 256: what the cell filled is gone
    # Fixed, the same cell runs.
    assert kernel.value(FILL_THE_HEAP.replace("100000", "10") + "\nbig.length") == "10"


def test_a_variable_of_an_earlier_cell_that_a_cell_fills_is_dropped_and_named(small_heap):
    kernel = small_heap
    kernel.execute("List<long[]> rows = new ArrayList<>();\nint kept = 5;")
    before = heap_in_use_mb(kernel)
    reply, _ = kernel.execute("int added = 0;\nwhile (true) { rows.add(new long[1_000_000]); added++; }")
    assert reply["ename"] == "java.lang.OutOfMemoryError"
    assert "to free the heap: added, rows. Fix the cell" in reply["traceback"][-1]
    assert kernel.value("kept") == "5"
    reply, _ = kernel.execute("rows.size()")
    assert reply["ename"] == "CompilationError"
    assert kernel.value("List<long[]> rows = new ArrayList<>();\nrows.add(new long[3]);\nrows.size()") == "1"
    assert heap_in_use_mb(kernel) < before + 48  # of 256: what the cell filled is gone


def test_after_an_out_of_memory_error_a_stack_overflow_and_background_threads_leave_a_working_kernel(small_heap):
    kernel = small_heap
    kernel.execute("String survivor = \"still here\";")
    before = heap_in_use_mb(kernel)
    assert kernel.execute(FILL_THE_HEAP)[0]["ename"] == "java.lang.OutOfMemoryError"
    reply, _ = kernel.execute("int down(int n) { return down(n + 1) + 1; }\ndown(0)")
    assert reply["ename"] == "java.lang.StackOverflowError"
    reply, outputs = kernel.execute(
        "Thread worker = new Thread(() -> System.out.println(\"worker: \" + new long[10_000_000].length));\n"
        "worker.start();\nworker.join();")
    assert reply["status"] == "ok" and kernel.stdout(outputs) == "worker: 10000000\n"
    # A thread that fills the heap with its own objects dies of it; they go with it.
    reply, _ = kernel.execute(
        "Thread filler = new Thread(() -> {\n"
        "    List<long[]> mine = new ArrayList<>();\n"
        "    while (true) mine.add(new long[1_000_000]);\n"
        "});\nfiller.start();\nfiller.join();\nfiller.isAlive()")
    assert reply["status"] == "ok"
    assert kernel.value("1 + 1") == "2"
    assert kernel.value("survivor") == "still here"
    assert heap_in_use_mb(kernel) < before + 48  # of 256: what the cell filled is gone


# ---- stop on error ("Run All" stops at the first failing cell) ------------------------------------

def run_all(kernel, cells, on_output=None, timeout=120):
    """Sends the cells at once, as a notebook's "Run All" does; ``cells`` holds code strings or
    (code, stop_on_error) pairs. Returns, per cell, (reply content, [(iopub msg_type, content)]),
    where a status message is listed as ("status", execution_state)."""
    cells = [cell if isinstance(cell, tuple) else (cell, True) for cell in cells]
    ids = [kernel.kc.execute(code, stop_on_error=stop) for code, stop in cells]
    iopub = {msg_id: [] for msg_id in ids}
    idle = set()
    deadline = time.monotonic() + timeout
    while len(idle) < len(ids):
        msg = kernel.kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        parent = msg["parent_header"].get("msg_id")
        if parent not in iopub:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "status":
            iopub[parent].append((kind, content["execution_state"]))
            if content["execution_state"] == "idle":
                idle.add(parent)
        else:
            iopub[parent].append((kind, content))
            if on_output:
                on_output(kind, content)
    return [(kernel.shell_reply(msg_id, timeout), iopub[msg_id]) for msg_id in ids]


def printed(iopub):
    return "".join(content["text"] for kind, content in iopub if kind == "stream")


def test_run_all_stops_at_the_first_failing_cell(kernel):
    (ok, _), (error, _), (aborted, aborted_iopub) = run_all(kernel, [
        "int beforeFailure = 6;\nbeforeFailure * 7",
        "int afterFailure = beforeFailure + undefinedName;",
        'System.out.println("must not run");\nint neverDefined = 1;',
    ])
    assert ok["status"] == "ok"
    assert error["status"] == "error" and "cannot find symbol" in error["evalue"]
    assert aborted == {"status": "aborted"}
    # Not run at all: no execute_input, no output, only busy/idle around the reply.
    assert aborted_iopub == [("status", "busy"), ("status", "idle")]
    # A request sent afterwards runs normally, and the aborted cell took no execution count.
    reply, outputs = kernel.execute('System.out.println("runs again");\nbeforeFailure')
    assert reply["status"] == "ok" and reply["execution_count"] == error["execution_count"] + 1
    assert kernel.stdout(outputs) == "runs again\n"
    reply, _ = kernel.execute("neverDefined")
    assert reply["status"] == "error" and "cannot find symbol" in reply["evalue"]


def test_stop_on_error_false_aborts_nothing_and_is_never_aborted(kernel):
    results = run_all(kernel, [
        ("int tolerated = undefinedName;", False),  # fails, but does not stop the queue
        'System.out.println("second ran");',
        "int stopping = undefinedName;",  # fails and stops the queue ...
        ('System.out.println("third ran");', False),  # ... except a request that opts out
        'System.out.println("never");',
    ])
    assert [reply["status"] for reply, _ in results] == ["error", "ok", "error", "ok", "aborted"]
    assert printed(results[1][1]) == "second ran\n"
    assert printed(results[3][1]) == "third ran\n"
    assert printed(results[4][1]) == ""
    assert kernel.value("1 + 1") == "2"


def test_an_interrupted_cell_aborts_the_cells_queued_behind_it(kernel):
    def on_output(kind, content):
        if kind == "stream" and "looping" in content["text"]:
            kernel.km.interrupt_kernel()

    (interrupted, _), (aborted, aborted_iopub) = run_all(kernel, [
        'System.out.println("looping");\nwhile (true) { Thread.sleep(20); }',
        'System.out.println("must not run");',
    ], on_output=on_output)
    assert interrupted["status"] == "error" and interrupted["ename"] == "Interrupted"
    assert aborted == {"status": "aborted"}
    assert aborted_iopub == [("status", "busy"), ("status", "idle")]
    assert kernel.value("6 * 7") == "42"


def test_requests_of_other_kinds_queued_behind_a_failing_cell_are_answered_in_order(kernel):
    kc = kernel.kc
    failing = kc.execute("int queued = undefinedName;")
    first = kc.execute('System.out.println("must not run");')
    completion = kc.complete("Math.ma")
    info = kc.kernel_info()
    last = kc.execute("int neverDefinedEither = 1;")
    sent = [failing, first, completion, info, last]
    replies = []
    while len(replies) < len(sent):
        reply = kc.get_shell_msg(timeout=60)
        if reply["parent_header"].get("msg_id") in sent:
            replies.append(reply)
    # One reply per request, in the order they were sent.
    assert [r["parent_header"]["msg_id"] for r in replies] == sent
    assert replies[0]["content"]["status"] == "error"
    assert replies[1]["content"] == {"status": "aborted"}
    assert replies[2]["content"]["status"] == "ok" and "max(" in replies[2]["content"]["matches"]
    assert replies[3]["content"]["status"] == "ok" and replies[3]["msg_type"] == "kernel_info_reply"
    assert replies[4]["content"] == {"status": "aborted"}
    reply, _ = kernel.execute("neverDefinedEither")
    assert reply["status"] == "error" and "cannot find symbol" in reply["evalue"]


def shell_replies(kernel, msg_ids, timeout=60):
    """The shell replies to these requests, by msg_id (other replies are dropped)."""
    replies = {}
    deadline = time.monotonic() + timeout
    while len(replies) < len(msg_ids):
        reply = kernel.kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
        if reply["parent_header"].get("msg_id") in msg_ids:
            replies[reply["parent_header"]["msg_id"]] = reply["content"]
    return replies


def test_a_cell_sent_after_a_failed_cells_reply_runs_while_earlier_requests_are_still_handled(kernel):
    """What was waiting when the failed cell's reply went out is decided then: a request sent after that
    reply runs even while requests queued earlier (here a slow stop_on_error=False cell) keep the kernel
    busy."""
    kc = kernel.kc
    failing = kc.execute("int failsFirst = undefinedName;")
    slow = kc.execute('Thread.sleep(1500);\nSystem.out.println("slow ran");', stop_on_error=False)
    failed = kernel.shell_reply(failing)  # the slow cell is queued or running now
    assert failed["status"] == "error"
    after = kc.execute("40 + 2")
    replies = shell_replies(kernel, [slow, after])
    assert replies[slow]["status"] == "ok", replies
    assert replies[after]["status"] == "ok", replies
    assert replies[after]["execution_count"] == replies[slow]["execution_count"] + 1


def wait_for_started_then_interrupt(kernel, msg_id):
    deadline = time.monotonic() + 60
    while True:
        msg = kernel.kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream"
                and "started" in msg["content"]["text"]):
            time.sleep(0.1)
            kernel.km.interrupt_kernel()
            return


def test_a_cell_sent_as_soon_as_a_failed_cells_reply_arrives_runs(kernel):
    """Only requests already waiting when a failed cell's reply is sent may be aborted. A client that
    sends its next cell the moment it receives that reply (without waiting for the idle status) must
    get it run, every time."""
    kernel.execute("int x = 41;\nlong spins = 0;")
    for round in range(10):
        if round % 2 == 0:
            failing = kernel.kc.execute(LOOPS["busy"])
            wait_for_started_then_interrupt(kernel, failing)
            expected = "Interrupted"
        else:
            failing = kernel.kc.execute("int broken = x + undefinedName;")
            expected = "CompilationError"
        failed = kernel.shell_reply(failing)
        assert failed["status"] == "error" and failed["ename"] == expected, (round, failed)
        # Sent at once; kernel.execute skips the failed cell's remaining IOPub messages.
        reply, outputs = kernel.execute("x + 1")
        assert reply["status"] == "ok", (round, reply)
        results = [content["data"]["text/plain"] for kind, content, _ in outputs if kind == "execute_result"]
        assert results == ["42"], (round, outputs)


# ---- magics --------------------------------------------------------------------------------------

def test_lsmagic_and_time(kernel):
    reply, outputs = kernel.execute("%lsmagic")
    assert "%classpath" in kernel.stdout(outputs) and "%%time" in kernel.stdout(outputs)
    reply, outputs = kernel.execute("%%time\nThread.sleep(300);\n6 * 7")
    assert reply["status"] == "ok"
    assert "wall time: " in kernel.stdout(outputs)
    assert outputs[-1][1]["data"]["text/plain"] == "42"


def test_load_runs_a_file_of_snippets(kernel, tmp_path):
    script = tmp_path / "helpers.jsh"
    script.write_text("int triple(int x) {\n    return 3 * x;\n}\nint loaded = triple(5);\n")
    reply, _ = kernel.execute(f"%load {script}\nloaded + triple(1)")
    assert reply["status"] == "ok", reply
    assert kernel.value("loaded") == "15"
    reply, _ = kernel.execute(f"%load {tmp_path}/missing.jsh")
    assert reply["ename"] == "UsageError" and "missing.jsh" in reply["evalue"]


def test_classpath_adds_a_jar_at_run_time(kernel, tmp_path):
    java_home = java_home_of_spec()
    source = tmp_path / "src" / "demo" / "Greeter.java"
    source.parent.mkdir(parents=True)
    source.write_text("package demo; public class Greeter { public String hi() { return \"hi from a jar\"; } }")
    classes = tmp_path / "classes"
    subprocess.run([java_home / "bin" / "javac", "-d", classes, source], check=True)
    (tmp_path / "jars").mkdir()
    subprocess.run([java_home / "bin" / "jar", "cf", tmp_path / "jars" / "greeter.jar", "-C", classes, "."],
                   check=True)
    reply, _ = kernel.execute("new demo.Greeter()")
    assert reply["ename"] == "CompilationError"
    reply, _ = kernel.execute(f"%classpath {tmp_path}/jars/*.jar\nnew demo.Greeter().hi()")
    assert reply["status"] == "ok", reply
    assert kernel.value("new demo.Greeter().hi()") == 'hi from a jar'
    reply, _ = kernel.execute(f"%jars {tmp_path}/nothing/*.jar")
    assert reply["ename"] == "UsageError" and "no file matches" in reply["evalue"]


# ---- completion, is_complete, inspect ------------------------------------------------------------

def complete(kernel, code, cursor=None):
    msg_id = kernel.kc.complete(code, len(code) if cursor is None else cursor)
    return kernel.shell_reply(msg_id)


def test_completion_of_members_variables_and_magics(kernel):
    reply = complete(kernel, "int a = 1;\nMath.ma")
    assert reply["status"] == "ok"
    assert "max(" in reply["matches"]
    assert reply["cursor_start"] == len("int a = 1;\nMath.") and reply["cursor_end"] == len("int a = 1;\nMath.ma")
    kernel.execute("String completionTarget = \"x\";")
    assert "completionTarget" in complete(kernel, "completionTar")["matches"]
    assert complete(kernel, "%cl")["matches"] == ["classpath"]


def test_is_complete(kernel):
    def status(code):
        return kernel.shell_reply(kernel.kc.is_complete(code))["status"]
    assert status("int x = 1;") == "complete"
    assert status("1 + 1") == "complete"
    assert status("for (int i = 0; i < 3; i++) {") == "incomplete"
    assert status("int y = );") == "invalid"
    assert status("%lsmagic") == "complete"


def test_inspect_shows_the_signature(kernel):
    code = "Math.max(1, 2)"
    reply = kernel.shell_reply(kernel.kc.inspect(code, code.index("(") + 1))
    assert reply["status"] == "ok" and reply["found"]
    assert "max(int" in reply["data"]["text/plain"]


# ---- replies as the messaging spec has them --------------------------------------------------------
# (test_jupyter_kernel_test.py runs Jupyter's own suite; these cover the requests it does not send)

def control_request(kc, msg_type, content=None, timeout=60):
    msg = kc.session.msg(msg_type, content or {})
    kc.control_channel.send(msg)
    deadline = time.monotonic() + timeout
    while True:
        reply = kc.get_control_msg(timeout=max(0.1, deadline - time.monotonic()))
        if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
            return reply


def test_interrupt_and_comm_info_replies_follow_the_spec(kernel):
    reply = control_request(kernel.kc, "interrupt_request")
    validate_message(reply, "interrupt_reply", reply["parent_header"]["msg_id"])
    assert reply["content"] == {"status": "ok"}
    for request in ({}, {"target_name": "jupyter.widget"}):
        msg_id = kernel.kc.comm_info(**request)
        reply = kernel.kc.get_shell_msg(timeout=60)
        validate_message(reply, "comm_info_reply", msg_id)
        assert reply["content"] == {"status": "ok", "comms": {}}
    assert kernel.value("6 * 7") == "42"


def test_shutdown_reply_follows_the_spec(tmp_path):
    own = start_kernel(tmp_path)
    try:
        reply = control_request(own.kc, "shutdown_request", {"restart": False})
        validate_message(reply, "shutdown_reply", reply["parent_header"]["msg_id"])
        assert reply["content"] == {"status": "ok", "restart": False}
        assert own.km.provisioner.process.wait(timeout=10) == 0
    finally:
        own.shutdown()


def execute_with(kernel, code, **options):
    """Runs a cell with execute_request options; returns (reply content, [IOPub msg_type])."""
    msg_id = kernel.kc.execute(code, **options)
    kinds = []
    while True:
        msg = kernel.kc.get_iopub_msg(timeout=60)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        validate_message(msg, msg["msg_type"], msg_id)
        kinds.append(msg["msg_type"])
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return kernel.shell_reply(msg_id), kinds


def test_silent_and_unstored_cells_take_no_execution_count_and_no_history_entry(kernel):
    stored, _ = kernel.execute("int counted = 1;\ncounted")
    count = stored["execution_count"]
    reply, kinds = execute_with(kernel, "counted + 1", silent=True)
    assert reply["status"] == "ok"
    assert "execute_input" not in kinds and "execute_result" not in kinds
    reply, kinds = execute_with(kernel, "counted + 2", store_history=False)
    assert reply["status"] == "ok" and "execute_result" in kinds and "execute_input" in kinds
    reply, _ = kernel.execute("counted + 3")
    assert reply["execution_count"] == count + 1
    msg_id = kernel.kc.history(hist_access_type="tail", n=2, output=True, raw=True)
    history = kernel.shell_reply(msg_id)["history"]
    session = history[0][0]
    assert history == [[session, count, ["int counted = 1;\ncounted", "1"]],
                       [session, count + 1, ["counted + 3", "4"]]]


# ---- interrupts ----------------------------------------------------------------------------------

DJL_TRAINING = """
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;
NDManager root = NDManager.newBaseManager();
NDArray w = root.randomNormal(new Shape(27, 27));
System.out.println("started");
for (long step = 0; ; step++) {
    try (NDManager scope = root.newSubManager()) {
        NDArray p = w.duplicate();
        p.attach(scope);
        p.setRequiresGradient(true);
        NDArray x = scope.randomNormal(new Shape(256, 27));
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(x.matMul(p).pow(2).mean());
        }
        w.subi(p.getGradient().mul(0.01f));
    }
}
"""

LOOPS = {
    "sleep": 'System.out.println("started");\nwhile (true) { Thread.sleep(20); spins++; }',
    "busy": 'System.out.println("started");\nwhile (true) { spins++; }',
    "djl": DJL_TRAINING,
}


def interrupt_when_started(kernel, code):
    """Runs a never-ending cell, interrupts it once it printed "started"; returns (reply, seconds to stop)."""
    sent = []

    def on_output(kind, content):
        if kind == "stream" and "started" in content["text"] and not sent:
            time.sleep(0.2)  # let the loop get going
            sent.append(time.monotonic())
            kernel.km.interrupt_kernel()

    reply, outputs = kernel.execute(code, timeout=120, on_output=on_output)
    assert sent, outputs
    return reply, time.monotonic() - sent[0]


def test_twenty_interrupts_of_sleep_busy_and_djl_loops(kernel):
    kernel.execute("long spins = 0;\nString survivor = \"still here\";")
    latencies = []
    for round in range(20):
        name = ["sleep", "busy", "djl"][round % 3]
        reply, seconds = interrupt_when_started(kernel, LOOPS[name])
        assert reply["status"] == "error", (name, reply)
        assert reply["ename"] == "Interrupted", (name, reply)
        assert "interrupted" in reply["evalue"]
        latencies.append(seconds)
        assert seconds < 1.0, f"round {round} ({name}) took {seconds:.2f} s to stop"
        assert kernel.value("survivor") == "still here", (round, name)
    assert kernel.value("spins > 0") == "true"
    print("stop latencies (s): max %.3f, mean %.3f" % (max(latencies), sum(latencies) / len(latencies)))
    # Nothing keeps running: the kernel process is (nearly) idle.
    before = kernel.cpu_seconds()
    time.sleep(2)
    assert kernel.cpu_seconds() - before < 0.3


def test_an_interrupt_with_nothing_running_changes_nothing(kernel):
    kernel.km.interrupt_kernel()
    time.sleep(0.3)
    assert kernel.value("6 * 7") == "42"


# ---- restart, shutdown, logs ---------------------------------------------------------------------

def test_restart_gives_a_fresh_session_and_ends_the_old_process(tmp_path):
    own = start_kernel(tmp_path)
    try:
        own.execute("int before = 1;")
        old = own.km.provisioner.process
        own.km.restart_kernel(now=False)
        assert old.wait(timeout=10) == 0  # exited by itself, cleanly
        own.kc.wait_for_ready(timeout=120)
        reply, _ = own.execute("before")
        assert reply["ename"] == "CompilationError"
        assert own.value("1 + 1") == "2"
        process = own.km.provisioner.process
    finally:
        own.shutdown()
    assert process.wait(timeout=10) == 0


def test_no_key_path_or_signature_in_the_logs_even_at_trace_level(tmp_path):
    def trace(spec):
        spec["argv"] = [a for a in spec["argv"] if "defaultLogLevel" not in a]
        spec["argv"].insert(1, "-Dorg.slf4j.simpleLogger.defaultLogLevel=trace")
    folder = derived_spec(tmp_path, "traced", trace)
    own = start_kernel(tmp_path, kernel_name="traced", spec_dir=folder)
    key = own.km.session.key.decode()
    connection_file = own.km.connection_file
    try:
        own.execute("int x = 1;\nx")
        own.execute("int y = missing;")
        interrupt_when_started(own, LOOPS["busy"].replace("spins++", "x++"))
        signatures = set(own.kc.session.digest_history)
    finally:
        own.shutdown()
    log = own.log_path.read_text()
    assert len(log) > 1000, "trace logging produced no log, so this test would prove nothing"
    assert key and key not in log
    assert connection_file not in log
    assert signatures and not any(s.decode() in log for s in signatures)


def test_the_default_log_is_quiet_and_has_no_key(kernel):
    log = kernel.log_path.read_text()
    assert kernel.km.session.key.decode() not in log
    assert "DEBUG" not in log and "INFO" not in log


OTHER_JDK = os.environ.get("JSHELL_KERNEL_OTHER_JAVA", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java")


@pytest.mark.skipif(not os.path.exists(OTHER_JDK), reason="no JDK 20+ (without Thread.stop) installed")
def test_on_a_jdk_without_thread_stop_cell_loops_stop_and_library_loops_are_reported(tmp_path):
    folder = derived_spec(tmp_path, "jdk25", lambda spec: spec["argv"].__setitem__(0, OTHER_JDK))
    own = start_kernel(tmp_path, kernel_name="jdk25", spec_dir=folder)
    try:
        own.execute("long spins = 0;")
        reply, seconds = interrupt_when_started(own, LOOPS["busy"])
        assert reply["ename"] == "Interrupted" and seconds < 1.0
        # A loop inside the JDK's own code, which never checks for interrupts, cannot be stopped there.
        # One snippet: "started" is printed and the sum begins with no compile in between, so the interrupt
        # cannot land between two snippets (where the kernel would stop the cell before the sum ever ran).
        msg_id = own.kc.execute('(System.out.printf("started%n") == null ? 0L : 0L)'
                                ' + java.util.stream.LongStream.range(0, Long.MAX_VALUE).sum()')
        note = None
        deadline = time.monotonic() + 60
        while note is None and time.monotonic() < deadline:
            msg = own.kc.get_iopub_msg(timeout=60)
            if msg["parent_header"].get("msg_id") != msg_id or msg["msg_type"] != "stream":
                continue
            if "started" in msg["content"]["text"]:
                time.sleep(0.2)
                own.km.interrupt_kernel()
            if msg["content"]["name"] == "stderr":
                note = msg["content"]["text"]
        assert note is not None and "cannot be stopped" in note and "Restart the kernel" in note
    finally:
        own.kc.stop_channels()
        own.km.shutdown_kernel(now=True)
