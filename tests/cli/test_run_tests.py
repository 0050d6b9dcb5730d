"""bin/run-tests off Debian: a stage whose tool cannot be installed is reported as skipped, with the reason,
and counted in the closing line ("N passed, N failed, N skipped"); on Debian it is installed or the run
stops, never skipped. And the closing line itself (tools/junit_summary.py)."""
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

import sandbox
from sandbox import ROOT, clean_env, make_project, venv

SUMMARY = ROOT / "tools" / "junit_summary.py"


def run_tests(project, *args, env):
    return subprocess.run([str(project / "bin" / "run-tests"), *args], cwd=project, env=env, text=True,
                          capture_output=True, timeout=300)


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory):
    """A Python with neither pytest nor Jupyter: what a Mac has before `pip install pytest`."""
    return venv(tmp_path_factory.mktemp("venv") / "bare", system_site_packages=False) / "bin" / "python"


def test_without_apt_missing_tools_are_skipped_with_the_reason(tmp_path, bare_python):
    project = make_project(tmp_path)
    bsd = sandbox.bsd_path(tmp_path / "bsd", tmp_path / "tools.log")  # no apt-get, no strace
    env = clean_env(PATH=bsd, MAKEMORE_PY=bare_python, MAKEMORE_JAVA=sandbox.java_home() + "/bin/java")
    r = run_tests(project, "--only", "offline,cli", env=env)
    lines = r.stdout.strip().splitlines()
    assert lines[-1] == "0 passed, 0 failed, 2 skipped", r.stdout + r.stderr
    assert r.returncode == 1  # nothing ran, so nothing passed
    assert "skipped (strace is not installed)" in r.stderr
    assert f"skipped (pytest is not installed for {bare_python}" in r.stderr
    assert "SKIPPED offline.djl_opens_no_network_connection: strace is not installed" in lines
    assert any(l.startswith("SKIPPED cli.pytest: pytest is not installed") for l in lines), lines
    report = ET.parse(project / "target" / "test-reports" / "TEST-offline.xml").getroot()
    assert report.find("testcase/skipped").get("message") == "strace is not installed"
    assert "no apt-get here" in r.stderr


def test_on_debian_a_missing_tool_is_installed_or_the_run_stops(tmp_path, bare_python):
    """apt-get exists (a fake one that fails): the run must not fall back to skipping."""
    project = make_project(tmp_path)
    log = tmp_path / "apt.log"
    bsd = sandbox.bsd_path(tmp_path / "bsd", tmp_path / "tools.log")
    sandbox.fake_apt(bsd, log)
    env = clean_env(PATH=bsd, MAKEMORE_PY=bare_python, MAKEMORE_JAVA=sandbox.java_home() + "/bin/java")
    r = run_tests(project, "--only", "offline,cli", env=env)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "skipped" not in r.stdout + r.stderr
    if os.geteuid() == 0:
        assert log.read_text().startswith("apt-get ")  # it tried (as root)
    assert "strace" in r.stderr and "python3-pytest" in r.stderr


@pytest.mark.parametrize("args, fragment", [(["--only", "maven,bogus"], "unknown stage 'bogus'"),
                                            (["--fast"], "unknown option '--fast'"),
                                            (["--only"], "--only needs")])
def test_bad_arguments(tmp_path, args, fragment):
    project = make_project(tmp_path)
    r = run_tests(project, *args, env=clean_env())
    assert r.returncode == 2
    assert [l for l in r.stderr.splitlines() if l.strip()] == [l for l in r.stderr.splitlines() if fragment in l]


# ---- the closing line -----------------------------------------------------------------------------------

def suite(path, *cases):
    ts = ET.Element("testsuite", name="s")
    for name, kind, text in cases:
        tc = ET.SubElement(ts, "testcase", classname="s", name=name)
        if kind:
            ET.SubElement(tc, kind, message=text)
    ET.ElementTree(ts).write(path)
    return path


def summary(*paths):
    return subprocess.run([sys.executable, str(SUMMARY), *map(str, paths)], text=True, capture_output=True)


def test_summary_counts_and_keeps_the_two_field_line_when_nothing_is_skipped(tmp_path):
    r = summary(suite(tmp_path / "a.xml", ("a", None, ""), ("b", None, ""), ("c", "failure", "boom\nmore")))
    assert r.stdout.splitlines() == ["FAILED s.c: boom", "2 passed, 1 failed"]
    assert r.returncode == 1


def test_summary_reports_skips_with_reasons(tmp_path):
    a = suite(tmp_path / "a.xml", ("a", None, ""), ("b", "skipped", "strace does not exist on macOS"))
    b = suite(tmp_path / "b.xml", ("c", "error", "crash"), ("d", "skipped", "pytest is not installed"))
    r = summary(a, b)
    assert r.stdout.splitlines() == ["SKIPPED s.b: strace does not exist on macOS",
                                     "SKIPPED s.d: pytest is not installed",
                                     "FAILED s.c: crash", "1 passed, 1 failed, 2 skipped"]
    assert r.returncode == 1
    ok = summary(suite(tmp_path / "c.xml", ("a", None, ""), ("b", "skipped", "no chromium")))
    assert ok.stdout.splitlines()[-1] == "1 passed, 0 failed, 1 skipped" and ok.returncode == 0


def test_summary_counts_a_missing_or_broken_report_as_failed(tmp_path):
    (tmp_path / "broken.xml").write_text("<testsuite><testcase")
    r = summary(suite(tmp_path / "a.xml", ("a", None, "")), tmp_path / "broken.xml", tmp_path / "missing.xml")
    assert r.stdout.splitlines()[-1] == "1 passed, 2 failed"
    assert r.returncode == 1
