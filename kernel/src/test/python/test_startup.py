"""How the kernel starts: JShell in the background, the warm-up file, JShell's class-path indexing held back
until the first cell has answered, and the class-data-sharing (CDS) archive that the project's kernelspec
names (used when it fits, ignored without a word when it does not).

Each test starts kernels of its own (derived kernelspecs), so none of them disturbs the module kernel of
test_protocol.py.
"""
import json
import os
import re
import pathlib
import shutil
import time

import pytest
from jupyter_client.kernelspec import KernelSpecManager

from conftest import KERNEL_NAME, derived_spec, start_kernel

ARCHIVE_FLAG = "-XX:SharedArchiveFile="
LINUX = pathlib.Path("/proc/self/maps").exists()


def spec_argv():
    source = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    return json.loads(pathlib.Path(source.resource_dir, "kernel.json").read_text())["argv"]


def named_archive(argv):
    for arg in argv:
        if arg.startswith(ARCHIVE_FLAG):
            base, _, top = arg[len(ARCHIVE_FLAG):].partition(os.pathsep)
            return base, top
    return None


def mapped_archives(pid):
    """The .jsa files the process has mapped: the CDS archives it uses."""
    maps = pathlib.Path(f"/proc/{pid}/maps").read_text()
    return {line.split()[-1] for line in maps.splitlines() if line.endswith(".jsa")}


def with_warm_up(path):
    def change(spec):
        argv = spec["argv"]
        if "--warm-up" in argv:
            del argv[argv.index("--warm-up"):argv.index("--warm-up") + 2]
        argv.insert(argv.index("dev.jshellkernel.Main") + 1, "--warm-up")
        argv.insert(argv.index("dev.jshellkernel.Main") + 2, str(path))
    return change


def streams(outputs):
    return [(c["name"], c["text"]) for kind, c, _ in outputs if kind == "stream"]


def stop(kernel):
    kernel.kc.stop_channels()
    kernel.km.shutdown_kernel(now=True)


# ---- the class-data-sharing archive ---------------------------------------------------------------

needs_archive = pytest.mark.skipif(named_archive(spec_argv()) is None,
                                   reason="the kernelspec names no CDS archive (MAKEMORE_KERNEL_CDS=0, or a Java without one)")


@needs_archive
@pytest.mark.skipif(not LINUX, reason="reads /proc/PID/maps")
def test_the_kernel_maps_the_archive_its_kernelspec_names(tmp_path):
    base, top = named_archive(spec_argv())
    assert pathlib.Path(top).is_file(), f"{top} is missing: bin/makemore setup builds it"
    kernel = start_kernel(tmp_path)
    try:
        assert kernel.value("6 * 7") == "42"
        assert mapped_archives(kernel.pid) == {base, top}
    finally:
        stop(kernel)


@needs_archive
@pytest.mark.skipif(not LINUX, reason="reads /proc/PID/maps")
@pytest.mark.parametrize("stale", ["class path changed", "archive missing", "another JDK"])
def test_an_archive_that_does_not_fit_is_ignored_quietly_and_the_kernel_works(tmp_path, stale):
    base, top = named_archive(spec_argv())

    def change(spec):
        argv = spec["argv"]
        if stale == "class path changed":
            # The kernel's own jar, from another place: as good as a rebuilt jar to CDS, which must refuse.
            # (Jars added at the end would be fine: the archive's class path only has to be a prefix.)
            entries = argv[argv.index("-cp") + 1].split(os.pathsep)
            copy = tmp_path / pathlib.Path(entries[0]).name
            shutil.copy2(entries[0], copy)
            argv[argv.index("-cp") + 1] = os.pathsep.join([str(copy), *entries[1:]])
        elif stale == "archive missing":
            argv[:] = [f"{ARCHIVE_FLAG}{base}{os.pathsep}{tmp_path / 'gone.jsa'}" if a.startswith(ARCHIVE_FLAG) else a
                       for a in argv]
        else:
            argv[0] = OTHER_JDK

    if stale == "another JDK" and not os.path.exists(OTHER_JDK):
        pytest.skip("no second JDK installed")
    folder = derived_spec(tmp_path, "stale", change)
    kernel = start_kernel(tmp_path, kernel_name="stale", spec_dir=folder)
    try:
        reply, outputs = kernel.execute('System.out.println("hello");\n6 * 7')
        assert reply["status"] == "ok", reply
        assert streams(outputs) == [("stdout", "hello\n")]
        mapped = mapped_archives(kernel.pid)
        assert top not in mapped
        if stale != "another JDK":
            assert mapped == {base}, mapped  # the JDK's own archive still serves
    finally:
        stop(kernel)
    log = kernel.log_path.read_text()
    assert not re.search(r"\]\[cds|shared archive|sharing", log, re.I), log


OTHER_JDK = os.environ.get("JSHELL_KERNEL_OTHER_JAVA", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java")


# ---- the warm-up file --------------------------------------------------------------------------------

WARM_UP = """
import java.util.regex.*;
int warmedUp = 1;
String warmUpMethod() { return "hidden"; }
class WarmUpClass {}
System.out.println("the warm-up prints");
System.err.println("and complains");
display("the warm-up displays");
System.setProperty("warm.up.ran", "yes");
"""


def test_the_warm_up_runs_before_the_first_cell_and_leaves_nothing_a_cell_can_see(tmp_path):
    warm_up = tmp_path / "warm-up.jsh"
    warm_up.write_text(WARM_UP)
    folder = derived_spec(tmp_path, "warm", with_warm_up(warm_up))
    kernel = start_kernel(tmp_path, kernel_name="warm", spec_dir=folder)
    try:
        reply, outputs = kernel.execute('System.out.println("first");\nSystem.getProperty("warm.up.ran")')
        assert reply["status"] == "ok", reply
        assert reply["execution_count"] == 1
        assert [(kind, c.get("name")) for kind, c, _ in outputs] == [("stream", "stdout"), ("execute_result", None)]
        assert streams(outputs) == [("stdout", "first\n")]
        assert outputs[-1][1]["data"]["text/plain"] == "yes"
        for name in ("warmedUp", "warmUpMethod()", "new WarmUpClass()", 'Pattern.compile("a")'):
            reply, _ = kernel.execute(name)
            assert reply["ename"] == "CompilationError", (name, reply)
        assert kernel.value("int warmedUp = 2;\nwarmedUp") == "2"
    finally:
        stop(kernel)
    assert "the warm-up prints" not in kernel.log_path.read_text()


@pytest.mark.parametrize("broken", ["int x = missing;", 'throw new IllegalStateException("boom");', None])
def test_a_failing_or_missing_warm_up_is_logged_and_the_kernel_works(tmp_path, broken):
    warm_up = tmp_path / "warm-up.jsh"
    if broken is not None:
        warm_up.write_text(broken)
    folder = derived_spec(tmp_path, "warm", with_warm_up(warm_up))
    kernel = start_kernel(tmp_path, kernel_name="warm", spec_dir=folder)
    try:
        reply, outputs = kernel.execute("6 * 7")
        assert reply["status"] == "ok" and reply["execution_count"] == 1, reply
        assert streams(outputs) == []
    finally:
        stop(kernel)
    warnings = [line for line in kernel.log_path.read_text().splitlines() if "WARN" in line]
    assert len(warnings) == 1 and "warm-up" in warnings[0], warnings


def test_a_cell_waits_for_a_slow_warm_up_and_an_interrupt_releases_it(tmp_path):
    warm_up = tmp_path / "warm-up.jsh"
    warm_up.write_text("Thread.sleep(4000);")
    folder = derived_spec(tmp_path, "slow", with_warm_up(warm_up))
    kernel = start_kernel(tmp_path, kernel_name="slow", spec_dir=folder)
    try:
        # kernel_info is answered while the warm-up still runs: the first cell must wait for it.
        started = time.monotonic()
        first = kernel.kc.execute("int a = 1;")
        queued = kernel.kc.execute("int b = 2;")
        time.sleep(0.5)
        kernel.km.interrupt_kernel()
        reply = kernel.shell_reply(first)
        assert reply["status"] == "error" and reply["ename"] == "Interrupted", reply
        assert time.monotonic() - started < 3, "the interrupt did not release the waiting cell"
        assert kernel.shell_reply(queued)["status"] == "aborted"  # as behind any interrupted cell
        # The next cell waits for the rest of the warm-up, then runs normally.
        reply, outputs = kernel.execute("int c = 3;\nc")
        assert reply["status"] == "ok", reply
        assert time.monotonic() - started > 3.5
        assert kernel.value("c") == "3"
        assert kernel.execute("a")[0]["ename"] == "CompilationError"  # the interrupted cell never ran
    finally:
        stop(kernel)


# ---- JShell's class-path indexing ---------------------------------------------------------------------

# "waiting N", "indexing N" (N: the indexer thread's CPU milliseconds so far) or "done".
INDEXER_STATE = """
var threads = java.lang.management.ManagementFactory.getThreadMXBean();
Thread.getAllStackTraces().entrySet().stream()
    .filter(e -> java.util.Arrays.stream(e.getValue()).anyMatch(f -> f.getMethodName().equals("refreshIndexes")))
    .map(e -> (java.util.Arrays.stream(e.getValue()).anyMatch(f -> f.getMethodName().equals("waitIndexingNotSuspended"))
               ? "waiting " : "indexing ") + threads.getThreadCpuTime(e.getKey().getId()) / 1_000_000)
    .findFirst().orElse("done")
"""
OPENS = "--add-opens=jdk.jshell/jdk.jshell=ALL-UNNAMED"


def indexer_state(kernel):
    return kernel.value(INDEXER_STATE)


def wait_until_indexed(kernel):
    deadline = time.monotonic() + 60
    while (state := indexer_state(kernel)) != "done" and time.monotonic() < deadline:
        time.sleep(0.5)
    return state


def test_indexing_waits_for_the_first_cell_then_package_names_complete(tmp_path):
    def opened(spec):
        if OPENS not in spec["argv"]:
            spec["argv"].insert(spec["argv"].index("dev.jshellkernel.Main"), OPENS)
    folder = derived_spec(tmp_path, "opened", opened)
    kernel = start_kernel(tmp_path, kernel_name="opened", spec_dir=folder)
    try:
        # JShell holds its indexer back only while it compiles: left idle (as here, before the first cell),
        # an indexer not held back spends hundreds of ms of CPU on the JDK's classes.
        time.sleep(4)
        state, cpu_ms = indexer_state(kernel).split()
        assert state == "waiting" and int(cpu_ms) < 100, (state, cpu_ms)
        assert wait_until_indexed(kernel) == "done"
        msg_id = kernel.kc.complete("import java.util.conc", 21)
        assert "concurrent." in kernel.shell_reply(msg_id)["matches"]
    finally:
        stop(kernel)


def test_without_the_opened_module_the_kernel_starts_as_any_jshell(tmp_path):
    def closed(spec):
        spec["argv"] = [a for a in spec["argv"] if a != OPENS]
    folder = derived_spec(tmp_path, "closed", closed)
    kernel = start_kernel(tmp_path, kernel_name="closed", spec_dir=folder)
    try:
        assert kernel.value("6 * 7") == "42"
        assert wait_until_indexed(kernel) == "done"
        msg_id = kernel.kc.complete("import java.util.conc", 21)
        assert "concurrent." in kernel.shell_reply(msg_id)["matches"]
    finally:
        stop(kernel)
    assert "WARN" not in kernel.log_path.read_text()
