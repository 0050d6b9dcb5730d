"""Jupyter's own kernel test suite (``jupyter_kernel_test``, Debian ``python3-jupyter-kernel-test``)
against this kernel. It validates every reply and IOPub message it sees against the messaging spec's
schemas, on top of the checks each test makes.

Attributes left unset are features the kernel does not have, so the suite skips their tests:
``code_page_something`` (no pager payloads) and ``code_clear_output`` (the display API has no
clear_output).
"""
import pytest

# Off Debian the package may be missing (bin/run-tests installs it where apt exists): skip, with the reason.
jupyter_kernel_test = pytest.importorskip(
    "jupyter_kernel_test", reason="Jupyter's kernel test suite is not installed (Debian: python3-jupyter-kernel-test)")
# (a module object, not ``from ... import KernelTests``: pytest would collect the base class too)
from jupyter_client.manager import start_new_kernel

from conftest import KERNEL_NAME


class JShellKernelSpecTests(jupyter_kernel_test.KernelTests):
    kernel_name = KERNEL_NAME

    @classmethod
    def setUpClass(cls):
        # The suite's own setUpClass, with more time for a JVM starting on a busy machine.
        cls.km, cls.kc = start_new_kernel(kernel_name=cls.kernel_name, startup_timeout=120)

    # kernel_info_reply
    language_name = "java"
    file_extension = ".jshell"

    # execute: streams, results, displays, errors
    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("a warning");'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": 'String.join("-", "a", "b")', "result": "a-b"},
        {"code": "List.of(1, 2, 3)", "result": "[1, 2, 3]"},
    ]
    code_display_data = [
        {"code": 'display("shown now");', "mime": "text/plain"},
        {"code": 'display("<b>bold</b>", "text/html");', "mime": "text/html"},
        {"code": "display(new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB));",
         "mime": "image/png"},
    ]
    code_generate_error = 'throw new IllegalStateException("on purpose");'

    # history (kept in memory for the kernel's lifetime); the pattern matches "6 * 7" only
    supported_history_operations = ("tail", "range", "search")
    code_history_pattern = "6*7"

    # complete_request: the cursor is at the end of each text
    completion_samples = [
        {"text": "Math.ma", "matches": {"max("}},
        {"text": "Syst", "matches": {"System"}},
        {"text": "%lsm", "matches": {"lsmagic"}},
    ]

    # is_complete_request
    complete_code_samples = ["1 + 1", "int x = 1;", "void f() {}", "%lsmagic", ""]
    incomplete_code_samples = ["void f() {", "for (int i = 0; i < 3; i++) {", "1 +", "class A {"]
    invalid_code_samples = ["int x = ;", "}", '"unterminated']

    # inspect_request: the cursor is at the end, just after the parenthesis
    code_inspect_sample = "Math.max("

    # Two features of the spec this kernel does not have; the suite would skip them with a bare "Skipped".
    def test_pager(self):
        pytest.skip("not supported: the kernel sends no pager payloads (help is shown by inspect_request instead)")

    def test_clear_output(self):
        pytest.skip("not supported: the display API has no clear_output (live charts update their display instead)")
