"""Fixtures for the kernel's protocol tests: a real kernel, driven by jupyter_client.

The kernel is found as a kernelspec (default name ``java-makemore``, override with
``JSHELL_KERNEL_NAME``) on ``JUPYTER_PATH``; when JUPYTER_PATH is unset, the repository's
``.jupyter`` folder is used. One kernel serves the whole module; only the restart, logging and
other-JDK tests start their own.
"""
import json
import os
import pathlib
import time

import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

REPO = pathlib.Path(__file__).resolve().parents[4]
KERNEL_NAME = os.environ.get("JSHELL_KERNEL_NAME", "java-makemore")
os.environ.setdefault("JUPYTER_PATH", str(REPO / ".jupyter"))


class Kernel:
    """A started kernel with helpers that collect a request's replies and outputs."""

    def __init__(self, km, log_path):
        self.km = km
        self.kc = km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)
        self.log_path = log_path

    @property
    def pid(self):
        return self.km.provisioner.process.pid

    def execute(self, code, timeout=120, on_output=None):
        """Runs a cell; returns (reply content, [(msg_type, content, arrival time)])."""
        msg_id = self.kc.execute(code)
        outputs = []
        deadline = time.monotonic() + timeout
        while True:
            msg = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "status" and content["execution_state"] == "idle":
                break
            if kind in ("stream", "execute_result", "display_data", "update_display_data", "error"):
                outputs.append((kind, content, time.monotonic()))
                if on_output:
                    on_output(kind, content)
        return self.shell_reply(msg_id, timeout), outputs

    def shell_reply(self, msg_id, timeout=60):
        deadline = time.monotonic() + timeout
        while True:
            reply = self.kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply["content"]

    def value(self, code):
        """The text/plain value of a cell that must succeed."""
        reply, outputs = self.execute(code)
        assert reply["status"] == "ok", reply
        results = [content for kind, content, _ in outputs if kind == "execute_result"]
        assert results, outputs
        return results[-1]["data"]["text/plain"]

    def stdout(self, outputs):
        return "".join(c["text"] for kind, c, _ in outputs if kind == "stream" and c["name"] == "stdout")

    def cpu_seconds(self):
        fields = pathlib.Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def shutdown(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=False)


def start_kernel(tmp_path, kernel_name=KERNEL_NAME, spec_dir=None):
    log_path = tmp_path / f"{kernel_name}.log"
    log = open(log_path, "w")
    if spec_dir is None:
        km = KernelManager(kernel_name=kernel_name)
    else:
        km = KernelManager(kernel_name=kernel_name,
                           kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(spec_dir)]))
    km.start_kernel(stdout=log, stderr=log)
    return Kernel(km, log_path)


def derived_spec(tmp_path, name, change):
    """A copy of the kernelspec, changed by ``change(spec)``, in its own kernels folder."""
    source = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    spec = json.loads(pathlib.Path(source.resource_dir, "kernel.json").read_text())
    change(spec)
    folder = tmp_path / "kernels"
    (folder / name).mkdir(parents=True, exist_ok=True)
    (folder / name / "kernel.json").write_text(json.dumps(spec))
    return folder


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    started = start_kernel(tmp_path_factory.mktemp("kernel"))
    yield started
    started.shutdown()


def java_home_of_spec():
    source = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    return pathlib.Path(source.argv[0]).resolve().parent.parent
