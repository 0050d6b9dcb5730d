"""Fixtures for the browser test: the project root, artifact folders, one headless Chromium for the whole
session, and notebook servers started with ``bin/makemore notebook`` and always stopped by their PID."""
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import chromium
from server import NotebookServer, fingerprint

# Smoke settings, as tools/run_notebooks.py uses them: every training loop capped at 2,000 steps.
SMOKE_STEPS = "2000"
# The interrupt test's cap: long enough that the MLP's training cell is still running when it is
# interrupted, short enough that the cells above it (a small model trained for as many steps) stay quick.
LONG_STEPS = "20000"


@pytest.fixture(scope="session")
def root():
    """The project checkout (``bin/run-tests`` exports MAKEMORE_HOME; otherwise two folders up)."""
    home = os.environ.get("MAKEMORE_HOME")
    return Path(home) if home else Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def log_dir(root):
    path = root / "target" / "browser-logs"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


@pytest.fixture(scope="session")
def notebooks_before(root):
    """A fingerprint of every file under notebooks/ before any server starts (the tests must change none)."""
    return fingerprint(root / "notebooks")


@dataclass
class Browser:
    """The browser, its request log, and the screenshots taken so far (name, what it shows)."""
    driver: object
    net: chromium.NetworkLog
    shot_dir: Path
    shots: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    def shot(self, name, shows):
        """Saves a screenshot of the window as NN-name.png and records what it shows in index.txt."""
        path = self.shot_dir / f"{len(self.shots) + 1:02d}-{name}.png"
        assert self.driver.save_screenshot(str(path)), f"could not save {path}"
        self.shots.append((path.name, shows))
        self._write_index()
        return path

    def note(self, line):
        """Records a measurement beside the screenshots (index.txt)."""
        self.notes.append(line)
        self._write_index()

    def _write_index(self):
        lines = [f"{name}: {shows}" for name, shows in self.shots] + [""] + self.notes
        (self.shot_dir / "index.txt").write_text("\n".join(lines) + "\n")

    def assert_stayed_on_loopback(self):
        outside = self.net.outside_loopback()
        assert not outside, "the browser requested addresses outside 127.0.0.1:\n  " + "\n  ".join(outside)


@pytest.fixture(scope="session")
def browser(root, log_dir):
    shot_dir = root / "target" / "browser-screenshots"
    shutil.rmtree(shot_dir, ignore_errors=True)
    shot_dir.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="makemore-chromium-") as profile:
        driver = chromium.start(Path(profile), log_dir)
        try:
            yield Browser(driver, chromium.NetworkLog(driver, log_dir / "browser-console.log"), shot_dir)
        finally:
            driver.quit()


@pytest.fixture(scope="session")
def started_servers():
    """Every server this session started, in order (the shutdown test checks each)."""
    return []


def _server(root, log_dir, started, name, env):
    # a run history of its own, empty at the start, so the chart of earlier runs holds only this session's
    runs = root / "target" / "browser-results" / name / "runs"
    shutil.rmtree(runs, ignore_errors=True)
    env = {**env, "MAKEMORE_RUNS": str(runs)}
    server = NotebookServer(root, name, log_dir, env)
    started.append(server)
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def smoke_server(root, log_dir, notebooks_before, started_servers):
    """A server whose kernels train at smoke settings."""
    yield from _server(root, log_dir, started_servers, "smoke", {
        "MAKEMORE_MAX_STEPS": SMOKE_STEPS,
        "MAKEMORE_RESULTS_DIR": str(root / "target" / "browser-results" / "smoke")})


@pytest.fixture(scope="session")
def long_server(root, log_dir, notebooks_before, started_servers):
    """A server whose kernels train long enough to be interrupted (LONG_STEPS)."""
    yield from _server(root, log_dir, started_servers, "long", {
        "MAKEMORE_MAX_STEPS": LONG_STEPS,
        "MAKEMORE_RESULTS_DIR": str(root / "target" / "browser-results" / "long")})
