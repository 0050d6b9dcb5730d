"""The project's notebook server, started the way a learner starts it: ``bin/makemore notebook``.

Each server gets a free loopback port, a fresh token and its own process group (``bin/makemore`` execs
the Jupyter server, so the PID we hold is the server's). ``stop()`` ends it by that PID and then makes
sure the Java kernels it started are gone too: Jupyter starts kernels in sessions of their own, so they
are not in the server's process group.
"""
import hashlib
import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

# Requests from the test process go straight to the loopback server, never through an environment proxy.
_LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_loopback_port():
    """A port nobody listens on right now (the server may not try others; ``start`` retries a lost race)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fingerprint(folder: Path):
    """sha256 of every file under ``folder`` (the served notebooks), to show that the tests wrote nothing."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def is_alive(pid):
    """True while the process runs (a zombie counts as ended)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has exited and only waits for its parent to collect its status.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _wait_gone(pids, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(is_alive(p) for p in pids):
            return True
        time.sleep(0.2)
    return not any(is_alive(p) for p in pids)


class NotebookServer:
    """One ``bin/makemore notebook`` process. ``env`` is added to the inherited environment (None unsets)."""

    def __init__(self, root: Path, name: str, log_dir: Path, env: dict):
        self.root = Path(root).absolute()
        self.name = name
        self.log_path = log_dir / f"server-{name}.log"
        self.env = {k: v for k, v in {**os.environ, **env}.items() if v is not None}
        self.port = None
        self.token = secrets.token_hex(24)
        self.proc = None
        self.exit_code = None
        self.needed_sigkill = False
        self.leftover_kernels = []

    # ---- life cycle ---------------------------------------------------------------------------------

    def start(self, timeout=180, attempts=3):
        """Starts the server and returns once its REST API answers; raises with the log's tail if not.

        The port is free when chosen; if another process takes it before the server binds it, the server
        exits saying so and is started again on another port.
        """
        for _ in range(attempts):
            self.port = free_loopback_port()
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.log_path, "wb") as log:
                self.proc = subprocess.Popen(
                    [str(self.root / "bin" / "makemore"), "notebook", "--port", str(self.port), "--token", self.token],
                    cwd=self.root, env=self.env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                    start_new_session=True)
            if self._await_ready(timeout):
                return self
        raise RuntimeError(f"the {self.name} notebook server found no free port in {attempts} tries:\n"
                           f"{self.log_tail()}")

    def _await_ready(self, timeout):
        """True once the server answers; False if it lost its port; raises on any other failure."""
        deadline = time.monotonic() + timeout
        announced = f"makemore: notebooks at http://127.0.0.1:{self.port}/tree?token={self.token}"
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                if "already in use" in self.log_text():
                    return False
                raise RuntimeError(f"the {self.name} notebook server exited with {self.proc.returncode}:\n"
                                   f"{self.log_tail()}")
            if announced in self.log_text():
                try:
                    self.api("status", timeout=2)
                    return True
                except OSError:   # not listening yet, or someone else's socket on our port
                    pass
            time.sleep(0.3)
        raise RuntimeError(f"the {self.name} notebook server did not answer within {timeout} s:\n{self.log_tail()}")

    def stop(self, timeout=20):
        """Stops the server by its PID (SIGTERM, then SIGKILL to its group), then any kernel it left behind.

        Returns the server's exit code. A server that ignored SIGTERM sets ``needed_sigkill``; kernels still
        running afterwards are recorded in ``leftover_kernels`` (and killed by PID), so a test can fail on them.
        """
        if self.proc is None or self.exit_code is not None:
            return self.exit_code
        kernels = self.kernel_pids()
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.needed_sigkill = True
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        self.exit_code = self.proc.returncode
        # Kernels notice that their parent is gone and exit; give them a moment, then end stragglers.
        if not _wait_gone(kernels, 15):
            self.leftover_kernels = [p for p in kernels if is_alive(p)]
            for pid in self.leftover_kernels:
                os.kill(pid, signal.SIGKILL)
        return self.exit_code

    # ---- queries --------------------------------------------------------------------------------------

    def url(self, path=""):
        """A page of this server, with the token (what the learner's first link carries)."""
        return f"http://127.0.0.1:{self.port}/{path}?token={self.token}"

    def api(self, path, timeout=10):
        """GET /api/<path> with the token; the decoded JSON."""
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/api/{path}",
                                         headers={"Authorization": f"token {self.token}"})
        with _LOCAL.open(request, timeout=timeout) as response:
            return json.load(response)

    def kernel_pids(self, kernel_id=None):
        """PIDs of the kernel processes this server started (found by their connection file's name)."""
        try:
            ids = [kernel_id] if kernel_id else [k["id"] for k in self.api("kernels")]
        except OSError:   # the server is gone: no kernels to look for
            ids = []
        marks = [f"kernel-{i}.json" for i in ids]
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if any(m in cmdline for m in marks):
                pids.append(int(entry.name))
        return pids

    def log_text(self):
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def log_tail(self, lines=30):
        return "\n".join(self.log_text().splitlines()[-lines:])
