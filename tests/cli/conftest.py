"""Runs the command-line interface the way a user does: `bin/makemore train|sample|eval|bench ...`.

Set MAKEMORE_CLI_CP to a classpath (e.g. a private build of lib before the rest:
/tmp/x/makemore-lib.jar:cli/target/makemore-cli.jar:cli/target/deps/*:lib/target/deps/*) to call
`java dev.makemore.cli.Main` directly with bin/common.sh's JVM flags instead of going through bin/makemore.
"""
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
JVM_FLAGS = ["-Dai.djl.offline=true", "-Djava.awt.headless=true", "-XX:+UseParallelGC", "-Xmx2g",
             "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"]


def names_file():
    for p in (os.environ.get("MAKEMORE_NAMES"), ROOT / "data" / "names.txt"):
        if p and Path(p).is_file():
            return str(p)
    pytest.fail("names.txt not found: run bin/makemore setup or set MAKEMORE_NAMES")


def command(*args):
    cp = os.environ.get("MAKEMORE_CLI_CP")
    if cp:
        java = os.environ.get("MAKEMORE_JAVA", "java")
        return [java, *JVM_FLAGS, "-cp", cp, "dev.makemore.cli.Main", *args]
    return [str(ROOT / "bin" / "makemore"), *args]


def environment(cwd=None):
    """The CLI's environment; the run history goes to cwd/runs, never to the project's runs/."""
    env = dict(os.environ)
    if cwd is not None:
        env["MAKEMORE_RUNS"] = str(Path(cwd) / "runs")
    env.update(MAKEMORE_NAMES=names_file(), MAKEMORE_HOME=str(ROOT), DJL_OFFLINE="true", OPT_OUT_TRACKING="true",
               DJL_CACHE_DIR=str(ROOT / ".cache" / "djl"), ENGINE_CACHE_DIR=str(ROOT / ".cache" / "djl"))
    return env


def run_cli(cwd, *args, timeout=600):
    """Runs the CLI in `cwd`; returns the CompletedProcess with text stdout/stderr."""
    return subprocess.run(command(*map(str, args)), cwd=cwd, env=environment(cwd), text=True,
                          capture_output=True, timeout=timeout)


@pytest.fixture
def makemore(tmp_path):
    """makemore(*args) -> CompletedProcess with text stdout/stderr, run in a temporary directory."""
    return lambda *args, timeout=600: run_cli(tmp_path, *args, timeout=timeout)


@pytest.fixture
def spawn(tmp_path):
    """spawn(*args) -> a running Popen with binary stdout/stderr pipes, for the Ctrl-C test."""
    return lambda *args: subprocess.Popen(command(*map(str, args)), cwd=tmp_path, env=environment(tmp_path),
                                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


@pytest.fixture(scope="session")
def bigram_checkpoint(tmp_path_factory):
    """A small valid checkpoint (a bigram after 20 steps) to damage in the error tests."""
    d = tmp_path_factory.mktemp("ckpt")
    r = run_cli(d, "train", "--model", "bigram", "--steps", 20, "--out", d / "bigram.ckpt")
    assert r.returncode == 0, r.stderr
    return d / "bigram.ckpt"
