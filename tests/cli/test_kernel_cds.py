"""bin/makemore setup builds the kernel's class-data-sharing archive: once, keyed by the Java and the class path,
quietly (one line and a log), replaced when either changes, never when nothing did; MAKEMORE_KERNEL_CDS=0 turns
it off. Each test runs a throwaway copy of the project (sandbox.make_project)."""
import json
import os
from pathlib import Path

import pytest

import sandbox
from sandbox import clean_env, make_project, run

OTHER_JDK = os.environ.get("JSHELL_KERNEL_OTHER_JAVA", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java")


def archive_named(project):
    argv = json.loads((project / ".jupyter/kernels/java-makemore/kernel.json").read_text())["argv"]
    named = [a for a in argv if a.startswith("-XX:SharedArchiveFile=")]
    if not named:
        return None
    base, top = named[0].split("=", 1)[1].split(os.pathsep)
    return Path(top)


def test_setup_builds_the_archive_once_and_again_for_another_java(tmp_path):
    project = make_project(tmp_path)
    env = clean_env(MAKEMORE_NAMES=sandbox.names_file(), MAKEMORE_KERNEL_CDS=None)
    r = run(project, "setup", env=env)
    assert r.returncode == 0, r.stderr
    top = archive_named(project)
    assert top is not None and top.parent == project / "target" / "cds", top
    assert top.is_file() and top.stat().st_size > 1_000_000
    assert [l for l in r.stderr.splitlines() if "archive" in l] == [
        "makemore: building the kernel's start-up archive (once per build; log: target/logs/kernel-cds.log)"]
    assert (project / "target/logs/kernel-cds.log").is_file()
    assert sorted(p.name for p in top.parent.iterdir()) == [top.name]  # no temporary file left

    # Nothing changed: nothing is built, the archive is the same file.
    before = top.stat().st_mtime_ns
    again = run(project, "setup", env=env)
    assert again.returncode == 0 and "archive" not in again.stderr, again.stderr
    assert archive_named(project) == top and top.stat().st_mtime_ns == before

    # Another Java for the kernel: another key, a new archive, the old one gone.
    if not os.path.exists(OTHER_JDK):
        pytest.skip("no second JDK installed")
    other = run(project, "setup", env=dict(env, MAKEMORE_KERNEL_JAVA=OTHER_JDK))
    assert other.returncode == 0, other.stderr
    new = archive_named(project)
    assert new is not None and new != top and new.is_file() and not top.exists()
    assert "building the kernel's start-up archive" in other.stderr


def test_makemore_kernel_cds_0_writes_a_kernelspec_without_an_archive(tmp_path):
    project = make_project(tmp_path)
    r = run(project, "setup", env=clean_env(MAKEMORE_NAMES=sandbox.names_file()))  # the sandbox's default: 0
    assert r.returncode == 0, r.stderr
    assert archive_named(project) is None
    assert not (project / "target" / "cds").exists()
    argv = json.loads((project / ".jupyter/kernels/java-makemore/kernel.json").read_text())["argv"]
    assert "-Xlog:cds*=off" not in argv
