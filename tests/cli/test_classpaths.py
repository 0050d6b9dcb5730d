"""The notebooks' classpath holds what the notebooks use, and the command line brings its own.

The kernel that setup writes runs with the kernel jar, the lib jar and lib's deps; the CLI and the benchmark
(`bin/makemore train|sample|eval|bench`) live in cli/ and run with cli/target/makemore-cli.jar and
cli/target/deps, which hold picocli and progressbar (and its JLine), before lib's own classpath.
"""
import json
import os
import re
import zipfile
from pathlib import Path

import pytest

import sandbox
from sandbox import clean_env, make_project, run

ROOT = Path(__file__).resolve().parents[2]
CLI_ONLY_JARS = re.compile(r"^(picocli|progressbar|jline)-.*\.jar$")
CLI_ONLY_CLASSES = ("dev/makemore/cli/", "dev/makemore/bench/", "picocli/", "me/tongfei/progressbar/")


def expand(classpath):
    """The files a JVM gets from a -cp value: a `dir/*` entry is every jar in dir (as the JVM expands it)."""
    files = []
    for entry in classpath.split(os.pathsep):
        if entry.endswith("/*"):
            files += sorted(str(p) for p in Path(entry[:-2]).glob("*.jar"))
        else:
            files.append(entry)
    return files


def classes(jar):
    """The files (not folders) in a jar."""
    if not Path(jar).is_file():
        pytest.fail(f"{jar} is missing: run bin/makemore setup first")
    with zipfile.ZipFile(jar) as z:
        return [n for n in z.namelist() if not n.endswith("/")]


def test_the_kernel_classpath_holds_no_cli_library(tmp_path):
    project = make_project(tmp_path)
    r = run(project, "setup", env=clean_env(MAKEMORE_NAMES=sandbox.names_file()))
    assert r.returncode == 0, r.stderr
    argv = json.loads((project / ".jupyter/kernels/java-makemore/kernel.json").read_text())["argv"]
    classpath = argv[argv.index("-cp") + 1]
    names = [Path(f).name for f in expand(classpath)]
    # what the notebooks need is there (so an empty classpath cannot pass) ...
    for needed in ("jshell-kernel.jar", "makemore-lib.jar", "pytorch-engine-", "xchart-", "tablesaw-core-"):
        assert any(n.startswith(needed) for n in names), f"{needed} is not on the kernel's classpath: {classpath}"
    # ... and nothing only the command line needs
    assert [n for n in names if CLI_ONLY_JARS.match(n)] == [], classpath
    assert not any(n.startswith("makemore-cli") for n in names), classpath
    assert not any(e.startswith(str(project / "cli") + os.sep) for e in classpath.split(os.pathsep)), classpath


def test_libs_deps_hold_no_cli_library():
    deps = ROOT / "lib" / "target" / "deps"
    names = sorted(p.name for p in deps.glob("*.jar"))
    assert any(n.startswith("pytorch-engine-") for n in names), f"lib is not built ({deps}): run bin/makemore setup"
    assert [n for n in names if CLI_ONLY_JARS.match(n)] == []


def test_the_lib_jar_holds_no_cli_or_bench_class():
    files = classes(ROOT / "lib" / "target" / "makemore-lib.jar")
    assert "dev/makemore/nn/Linear.class" in files and "dev/makemore/train/Trainer.class" in files
    assert [f for f in files if f.startswith(CLI_ONLY_CLASSES)] == []


def test_the_cli_jar_and_its_deps_hold_the_command_line():
    files = classes(ROOT / "cli" / "target" / "makemore-cli.jar")
    assert "dev/makemore/cli/Main.class" in files and "dev/makemore/bench/BenchCommand.class" in files
    assert not any(f.startswith("dev/makemore/nn/") for f in files), "lib's classes belong in the lib jar"
    names = [p.name for p in (ROOT / "cli" / "target" / "deps").glob("*.jar")]
    for needed in ("picocli-", "progressbar-", "jline-terminal-"):
        assert any(n.startswith(needed) for n in names), f"{needed} is missing from cli/target/deps: {names}"
    # lib and libtorch come from lib's classpath, not a second copy
    assert not any(n.startswith(("makemore-lib-", "pytorch-")) for n in names), names
