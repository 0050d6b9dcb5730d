"""bin/makemore setup on machines other than this one: the user's own Jupyter (venv, conda, PATH), no apt,
unsupported platforms, and `bin/makemore kernel install|remove` into the user's own Jupyter.

Each test runs a throwaway copy of the project (sandbox.make_project), so the checkout is never touched.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import sandbox
from sandbox import clean_env, error_lines, fake_apt, fake_uname, make_project, reported, run, venv

SUPPORTED = "Supported: Linux x86-64, Linux ARM64 (aarch64), macOS on Apple Silicon (arm64), and Windows through WSL2."


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path)


@pytest.fixture(scope="module")
def jupyter_venv(tmp_path_factory):
    """A user's venv that has Jupyter (through Debian's site-packages)."""
    return venv(tmp_path_factory.mktemp("venv") / "jupyter-venv")


@pytest.fixture(scope="module")
def bare_venv(tmp_path_factory):
    """A user's venv without Jupyter."""
    return venv(tmp_path_factory.mktemp("venv") / "bare-venv", system_site_packages=False)


def with_path(*dirs):
    return os.pathsep.join([*map(str, dirs), os.environ["PATH"]])


# ---- which Jupyter ----------------------------------------------------------------------------------

def test_setup_uses_the_active_venv_and_never_calls_apt(project, jupyter_venv, tmp_path):
    apt_log = tmp_path / "apt.log"
    fakes = fake_apt(tmp_path / "fake-bin", apt_log)
    env = clean_env(PATH=with_path(jupyter_venv / "bin", fakes), VIRTUAL_ENV=jupyter_venv,
                    MAKEMORE_NAMES=sandbox.names_file())
    r = run(project, "setup", env=env)
    assert r.returncode == 0, r.stderr
    assert reported(r, "jupyter python") == str(jupyter_venv / "bin" / "python")
    assert not apt_log.exists(), apt_log.read_text()
    assert "installing Debian packages" not in r.stderr
    spec = json.loads((project / ".jupyter/kernels/java-makemore/kernel.json").read_text())
    assert spec["metadata"]["makemore_home"] == str(project)


def test_order_venv_before_conda_before_path(project, jupyter_venv, tmp_path):
    conda = venv(tmp_path / "conda-env")
    names = sandbox.names_file()
    both = clean_env(VIRTUAL_ENV=jupyter_venv, CONDA_PREFIX=conda, MAKEMORE_NAMES=names)
    assert reported(run(project, "setup", env=both), "jupyter python") == str(jupyter_venv / "bin" / "python")
    conda_only = clean_env(CONDA_PREFIX=conda, MAKEMORE_NAMES=names)
    assert reported(run(project, "setup", env=conda_only), "jupyter python") == str(conda / "bin" / "python")
    # an explicit choice wins over both
    chosen = clean_env(VIRTUAL_ENV=jupyter_venv, CONDA_PREFIX=conda, MAKEMORE_PYTHON=sandbox.SYSTEM_PYTHON,
                       MAKEMORE_NAMES=names)
    assert reported(run(project, "setup", env=chosen), "jupyter python") == sandbox.SYSTEM_PYTHON


def test_a_venv_without_jupyter_is_passed_over(project, bare_venv):
    env = clean_env(PATH=with_path(bare_venv / "bin"), VIRTUAL_ENV=bare_venv, MAKEMORE_NAMES=sandbox.names_file())
    r = run(project, "setup", env=env)
    assert r.returncode == 0, r.stderr
    assert reported(r, "jupyter python") == sandbox.SYSTEM_PYTHON


def test_the_python_behind_jupyter_on_path(project, tmp_path):
    """pipx-style: only a `jupyter` link on PATH, whose #! names the venv's python."""
    v = venv(tmp_path / "pipx-venv")
    sandbox.write_script(v / "bin" / "jupyter", f"#!{v}/bin/python\nfrom jupyter_core.command import main\nmain()\n")
    links = tmp_path / "local-bin"
    links.mkdir()
    (links / "jupyter").symlink_to(v / "bin" / "jupyter")
    bsd = sandbox.bsd_path(tmp_path / "bsd", tmp_path / "tools.log")  # no python3 on it
    env = clean_env(PATH=os.pathsep.join([str(bsd), str(links)]), MAKEMORE_SYSTEM_PYTHON="/nonexistent/python3",
                    MAKEMORE_NAMES=sandbox.names_file())
    r = run(project, "setup", env=env)
    assert r.returncode == 0, r.stderr
    assert reported(r, "jupyter python") == str(v / "bin" / "python")


def test_makemore_python_without_jupyter_is_one_error(project, bare_venv):
    env = clean_env(MAKEMORE_PYTHON=bare_venv / "bin" / "python", MAKEMORE_NAMES=sandbox.names_file())
    r = run(project, "setup", env=env)
    assert r.returncode == 2
    lines = error_lines(r)
    assert len(lines) == 1 and "MAKEMORE_PYTHON" in lines[0] and "cannot import" in lines[0], r.stderr


def test_no_jupyter_and_no_apt_names_the_install_command(project, bare_venv, tmp_path):
    bsd = sandbox.bsd_path(tmp_path / "bsd", tmp_path / "tools.log")  # no apt-get, no python3, no jupyter
    env = clean_env(PATH=os.pathsep.join([str(bare_venv / "bin"), str(bsd)]), VIRTUAL_ENV=bare_venv,
                    MAKEMORE_SYSTEM_PYTHON="/nonexistent/python3", MAKEMORE_NAMES=sandbox.names_file())
    r = run(project, "setup", env=env)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "apt-get" not in r.stderr and "installing Debian packages" not in r.stderr, r.stderr
    assert "conda env create -f environment.yml && conda activate makemore" in r.stderr
    assert "python3 -m venv .venv && . .venv/bin/activate && pip install notebook nbclient" in r.stderr
    assert str(bare_venv) in r.stderr  # says the active venv has no Jupyter
    assert not (project / ".jupyter").exists()


# ---- platforms --------------------------------------------------------------------------------------

@pytest.mark.parametrize("system, machine, rosetta, fragment", [
    ("Darwin", "x86_64", 0, "an Intel Mac"),
    ("Darwin", "x86_64", 1, "Rosetta 2"),
    ("MINGW64_NT-10.0-19045", "x86_64", None, "install WSL2"),
    ("MSYS_NT-10.0", "x86_64", None, "native Windows shell"),
    ("CYGWIN_NT-10.0", "x86_64", None, "native Windows shell"),
    ("Linux", "i686", None, "64-bit x86 and ARM"),
    ("Linux", "armv7l", None, "64-bit x86 and ARM"),
    ("FreeBSD", "amd64", None, "FreeBSD amd64"),
])
def test_unsupported_platform_stops_with_one_message(project, tmp_path, system, machine, rosetta, fragment):
    fakes = fake_uname(tmp_path / "fake-bin", system, machine, rosetta)
    for command in (["setup"], ["kernel", "install"], ["notebook"]):
        r = run(project, *command, env=clean_env(PATH=with_path(fakes), MAKEMORE_NAMES=sandbox.names_file()))
        assert r.returncode == 2, r.stderr
        lines = error_lines(r)
        assert len(lines) == 1, r.stderr
        assert lines[0].startswith("makemore: unsupported platform") and SUPPORTED in lines[0], lines[0]
        assert fragment in lines[0], lines[0]
        assert "Traceback" not in r.stderr and "Exception" not in r.stderr
    assert not (project / "data").exists() and not (project / ".jupyter").exists()


@pytest.mark.parametrize("system, machine, platform", [
    ("Linux", "aarch64", "linux-aarch64"),
    ("Darwin", "arm64", "osx-aarch64"),
])
def test_a_jvm_for_another_architecture_is_refused(project, tmp_path, system, machine, platform):
    """An arm64 machine with this x86-64 JDK (e.g. an Intel JDK under Rosetta): libtorch could not load."""
    fakes = fake_uname(tmp_path / "fake-bin", system, machine, 0)
    r = run(project, "setup", env=clean_env(PATH=with_path(fakes), MAKEMORE_NAMES=sandbox.names_file()))
    assert r.returncode == 2
    lines = error_lines(r)
    assert len(lines) == 1 and f"this machine is {platform}" in lines[0] and "is a Java for amd64" in lines[0], r.stderr


def test_this_machine_is_reported(project):
    r = run(project, "setup", env=clean_env(MAKEMORE_NAMES=sandbox.names_file()))
    assert r.returncode == 0, r.stderr
    machine = os.uname().machine
    assert reported(r, "platform") == {"x86_64": "linux-x86_64", "aarch64": "linux-aarch64"}[machine]
    java = Path(reported(r, "java"))
    assert java.is_file() and not java.is_symlink() and java.name == "java"


# ---- the user's own Jupyter -------------------------------------------------------------------------

def kernelspecs(env):
    """{name: resource_dir} from `jupyter kernelspec list --json`, as a user's shell would run it."""
    r = subprocess.run(["jupyter", "kernelspec", "list", "--json"], env=env, text=True, capture_output=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    return {name: spec["resource_dir"] for name, spec in json.loads(r.stdout)["kernelspecs"].items()}


@pytest.mark.parametrize("data_dir", [None, "custom-data"], ids=["home", "JUPYTER_DATA_DIR"])
def test_kernel_install_and_remove_for_the_user(project, jupyter_venv, tmp_path, data_dir):
    home = tmp_path / "home"
    home.mkdir()
    extra = {"JUPYTER_DATA_DIR": tmp_path / data_dir} if data_dir else {}
    env = clean_env(HOME=home, PATH=with_path(jupyter_venv / "bin"), VIRTUAL_ENV=jupyter_venv,
                    MAKEMORE_NAMES=sandbox.names_file(), **extra)
    expected = (tmp_path / data_dir if data_dir else home / ".local/share/jupyter") / "kernels" / "java-makemore"
    assert "JUPYTER_PATH" not in env
    assert "java-makemore" not in kernelspecs(env)

    r = run(project, "kernel", "install", env=env)
    assert r.returncode == 0, r.stderr
    assert str(expected) in r.stdout
    found = kernelspecs(env)
    assert Path(found.get("java-makemore", "")) == expected, found
    installed = json.loads((expected / "kernel.json").read_text())
    local = json.loads((project / ".jupyter/kernels/java-makemore/kernel.json").read_text())
    assert installed == local  # the same absolute paths
    assert installed["display_name"] == "Java (makemore)"
    assert Path(installed["argv"][0]).is_file()

    r = run(project, "kernel", "remove", env=env)
    assert r.returncode == 0, r.stderr
    assert "java-makemore" not in kernelspecs(env)
    assert not expected.exists()
    again = run(project, "kernel", "remove", env=env)
    assert again.returncode == 0 and "nothing to remove" in again.stdout, again.stderr


def test_the_installed_kernel_runs_code(project, jupyter_venv, tmp_path):
    """A client that knows nothing of the project (no JUPYTER_PATH) starts the kernel by name."""
    home = tmp_path / "home"
    home.mkdir()
    env = clean_env(HOME=home, VIRTUAL_ENV=jupyter_venv, MAKEMORE_NAMES=sandbox.names_file())
    r = run(project, "kernel", "install", env=env)
    assert r.returncode == 0, r.stderr
    client = r"""
from jupyter_client.manager import start_new_kernel
km, kc = start_new_kernel(kernel_name="java-makemore", startup_timeout=180)
try:
    results = []
    reply = kc.execute_interactive("6 * 7", timeout=180, output_hook=lambda m: results.append(m))
    assert reply["content"]["status"] == "ok", reply["content"]
    print([m["content"]["data"]["text/plain"] for m in results if m["msg_type"] == "execute_result"])
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
"""
    out = subprocess.run([str(jupyter_venv / "bin" / "python"), "-c", client], env=env, text=True,
                         capture_output=True, timeout=400, cwd=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "42" in out.stdout


@pytest.mark.parametrize("args", [["kernel"], ["kernel", "frobnicate"], ["kernel", "install", "extra"],
                                  ["kernel", "remove", "--all"]])
def test_kernel_usage_errors(project, args):
    r = run(project, *args, env=clean_env())
    assert r.returncode == 2
    lines = error_lines(r)
    assert len(lines) == 1 and "usage: bin/makemore kernel install|remove" in lines[0], r.stderr


def test_setup_rejects_arguments(project):
    r = run(project, "setup", "--fast", env=clean_env())
    assert r.returncode == 2 and len(error_lines(r)) == 1 and "--fast" in r.stderr
