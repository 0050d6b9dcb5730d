"""A throwaway copy of the project for testing bin/makemore's setup paths without touching the checkout.

The copy has its own bin/ (so ROOT, data/, .jupyter/ and target/ are its own) and links to the real lib/,
kernel/, cli/, tools/, tests/ and notebooks/, whose built jars it uses: its build stamp is newer than every
source, so setup never runs Maven. Plus helpers for PATHs that look like other machines: without
apt-get, with BSD-style tools, with a fake uname.
"""
import hashlib
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NAMES_SHA256 = "0a30b5557f192f32ab962680889aac5f6fda0f4cecf40a6d0b5694f58ea8cc4d"
SYSTEM_PYTHON = "/usr/bin/python3"


def names_file():
    for p in (os.environ.get("MAKEMORE_NAMES"), ROOT / "data" / "names.txt"):
        if p and Path(p).is_file() and hashlib.sha256(Path(p).read_bytes()).hexdigest() == NAMES_SHA256:
            return Path(p)
    pytest.fail("names.txt not found: run bin/makemore setup or set MAKEMORE_NAMES")


def java_home():
    """The JDK that setup found (MAKEMORE_JAVA is .../bin/java), else JAVA_HOME, else the java on PATH."""
    java = os.environ.get("MAKEMORE_JAVA")
    if java:
        return str(Path(java).parent.parent)
    if os.environ.get("JAVA_HOME"):
        return os.environ["JAVA_HOME"]
    found = shutil.which("java")
    assert found, "no java"
    return str(Path(found).resolve().parent.parent)


def make_project(tmp):
    """A copy of the project in tmp/project; returns its root."""
    for jar in ("lib/target/makemore-lib.jar", "kernel/target/jshell-kernel.jar", "cli/target/makemore-cli.jar"):
        if not (ROOT / jar).is_file():
            pytest.fail(f"{jar} is missing: run bin/makemore setup first")
    root = tmp / "project"
    (root / "bin").mkdir(parents=True)
    for name in ("makemore", "common.sh", "run-tests"):
        shutil.copy2(ROOT / "bin" / name, root / "bin" / name)
    for name in ("lib", "kernel", "cli", "tools", "tests", "notebooks", "pom.xml", "environment.yml"):
        (root / name).symlink_to(ROOT / name)
    (root / "target").mkdir()
    (root / "target" / ".build-stamp").touch()
    return root


def write_script(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def venv(path, system_site_packages=True):
    """A venv made the way a user makes one (no pip, to keep it quick); returns its directory."""
    args = [SYSTEM_PYTHON, "-m", "venv", "--without-pip"]
    if system_site_packages:
        args.append("--system-site-packages")
    subprocess.run([*args, str(path)], check=True)
    return path


def fake_apt(bindir, log):
    """An apt-get that records being called and fails, as if the network were down."""
    write_script(bindir / "apt-get", f'#!/bin/sh\necho "apt-get $*" >> "{log}"\nexit 100\n')
    return bindir


def fake_uname(bindir, system, machine, rosetta=None):
    """A uname that reports another machine; with rosetta=0/1, a macOS sysctl for proc_translated."""
    write_script(bindir / "uname", f"""#!/bin/sh
case "$1" in
  -s) echo '{system}' ;;
  -m) echo '{machine}' ;;
  *) echo '{system}' ;;
esac
""")
    if rosetta is not None:
        write_script(bindir / "sysctl", f"""#!/bin/sh
[ "$2" = sysctl.proc_translated ] && echo {rosetta} && exit 0
exit 1
""")
    return bindir


# Plain tools the scripts may use, linked as they are: their BSD versions accept the same usage.
PLAIN_TOOLS = ["bash", "sh", "env", "cat", "cut", "dirname", "basename", "head", "tail", "mkdir", "rm",
               "chmod", "touch", "id", "uname", "tr", "ls", "sleep", "sort", "wc", "tee", "awk", "shasum",
               "perl", "true", "false", "expr", "printf", "echo", "test", "which"]

# GNU-only usage each wrapped tool refuses (as its BSD counterpart would, or worse: BSD mktemp would
# silently make a file with a literal name). Shell case patterns, matched against each argument.
BSD_REFUSES = {
    "sed": ["-i*", "-r", "-z", "-s", "-u", "--*"],
    "find": ["-quit", "-printf", "-fprintf", "-regextype", "-readable", "-writable", "-executable"],
    "grep": ["-*P*", "--perl-regexp"],
    "readlink": ["-f", "-e", "-m", "--*", "-*f*"],
    "stat": ["-c", "--*"],
    "cp": ["-t*", "-T", "--*"],
    "mv": ["-t*", "-T", "--*"],
    "date": ["-d", "--*", "+*%N*"],
    "xargs": ["-r", "--*"],
    "mktemp": ["--*", "-p", "*XXX*[!X]"],
}


def bsd_path(bindir, log):
    """A directory of tools that behave like macOS's: no sha256sum, timeout, realpath, nproc, strace,
    apt-get, python3 or jupyter; sed, find, grep, readlink, stat, cp, mv, date, xargs and mktemp refuse
    GNU-only usage with exit 64. Every call of a wrapped tool or shasum is logged to `log`."""
    if not Path("/usr/bin/shasum").is_file():
        pytest.skip("no /usr/bin/shasum (Debian: perl) to stand in for macOS's")
    bindir.mkdir(parents=True, exist_ok=True)
    for tool in PLAIN_TOOLS:
        real = shutil.which(tool, path="/usr/bin:/bin")
        if real and tool != "shasum":
            (bindir / tool).symlink_to(real)
    write_script(bindir / "shasum", f'#!/bin/sh\necho "shasum $*" >> "{log}"\nexec /usr/bin/shasum "$@"\n')
    for tool, refused in BSD_REFUSES.items():
        real = shutil.which(tool, path="/usr/bin:/bin")
        patterns = "|".join(f'{p}' for p in refused)
        write_script(bindir / tool, f"""#!/bin/sh
echo "{tool} $*" >> "{log}"
for a in "$@"; do
  case "$a" in
    {patterns}) echo "bsd-{tool}: GNU-only usage: $a" >&2; echo "REFUSED {tool} $a" >> "{log}"; exit 64 ;;
  esac
done
exec {real} "$@"
""")
    return bindir


def clean_env(**extra):
    """The environment with no trace of a Jupyter, venv or conda setting, and without the kernel's start-up
    archive; `extra` added (None unsets)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("JUPYTER_", "MAKEMORE_", "VIRTUAL_ENV", "CONDA_"))
           and k not in ("PYTHONPATH", "PYTHONHOME", "XDG_DATA_HOME")}
    env["JAVA_HOME"] = java_home()
    env["MAKEMORE_KERNEL_CDS"] = "0"  # no kernel archive per sandbox (a training run each); test_kernel_cds.py has it
    for k, v in extra.items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = str(v)
    return env


def run(root, *args, env, timeout=300):
    return subprocess.run([str(root / "bin" / "makemore"), *map(str, args)], cwd=root, env=env, text=True,
                          capture_output=True, timeout=timeout)


def reported(result, what):
    """The value of the line 'makemore: WHAT VALUE' that setup prints."""
    prefix = f"makemore: {what} "
    for line in result.stdout.splitlines():
        if line.startswith(prefix):
            return line[len(prefix):]
    raise AssertionError(f"no '{prefix}' line in:\n{result.stdout}\n{result.stderr}")


def error_lines(result):
    return [l for l in result.stderr.splitlines() if l.strip()]
