"""bin/ runs with macOS's bash 3.2 and BSD tools: a lint for bash-4-only and GNU-only constructs (which must
catch each planted example), and setup run against BSD-like tools (no sha256sum, a strict mktemp, ...)."""
import hashlib
import os
import subprocess
import sys

import pytest

import sandbox
from sandbox import ROOT, clean_env, error_lines, make_project, reported, run

LINT = ROOT / "tools" / "check_portable_sh.py"
SCRIPTS = [ROOT / "bin" / "makemore", ROOT / "bin" / "common.sh", ROOT / "bin" / "run-tests"]


def lint(*paths):
    return subprocess.run([sys.executable, str(LINT), *map(str, paths)], text=True, capture_output=True)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_scripts_parse(script):
    r = subprocess.run(["bash", "-n", str(script)], text=True, capture_output=True)
    assert r.returncode == 0, r.stderr


def test_bin_has_no_bash4_or_gnu_only_constructs():
    r = lint()
    assert r.returncode == 0, r.stdout
    assert "3 file(s)" in r.stdout


# One planted example per rule: the lint must name the rule on that line.
PLANTED = [
    ("declare-A", 'declare -A seen=()'),
    ("declare-A", 'local -rA table'),
    ("declare-n", 'local -n ref=$1'),
    ("declare-g", 'declare -g COUNT=0'),
    ("declare-lu", 'declare -l lower="$1"'),
    ("mapfile", 'mapfile -t lines < "$f"'),
    ("mapfile", 'readarray lines < <(ls)'),
    ("case-modification", 'echo "${name,,}"'),
    ("case-modification", 'x=${arr[0]^^}'),
    ("transformation", 'printf "%s" "${x@Q}"'),
    ("pipe-ampersand", 'make |& tee log'),
    ("append-both", 'cmd &>> log'),
    ("negative-index", 'last="${parts[-1]}"'),
    ("negative-index", 'parts[-1]=x'),
    ("coproc", 'coproc cat'),
    ("case-fallthrough", 'case $x in a) echo a ;& b) echo b ;; esac'),
    ("case-fallthrough", 'case $x in a) echo a ;;& *) echo b ;; esac'),
    ("shopt-bash4", 'shopt -s globstar nullglob'),
    ("fd-variable", 'exec {fd}>/tmp/log'),
    ("bash4-variable", 'echo "$BASHPID"'),
    ("bash4-variable", 'start=$EPOCHSECONDS'),
    ("wait-n", 'wait -n'),
    ("test-v", '[[ -v HOME ]] && echo set'),
    ("test-v", 'if [ -v x ]; then :; fi'),
    ("printf-time", "printf '%(%F)T' -1"),
    ("read-bash4", 'read -r -i default answer'),
    ("read-bash4", 'read -t 0.5 key'),
    ("brace-bash4", 'for i in {01..10}; do :; done'),
    ("local-dash", 'local -'),
    ("readlink-f", 'java="$(readlink -f "$java")"'),
    ("realpath", 'dir=$(realpath "$0")'),
    ("sed-gnu-flag", "sed -i 's/a/b/' file"),
    ("sed-gnu-flag", "sed -r 's/(a)+/b/' file"),
    ("regex-gnu-escape", "sed -n 's/a\\+//p' file"),
    ("find-gnu", 'find . -newer stamp -print -quit'),
    ("find-gnu", "find . -printf '%p\\n'"),
    ("stat-gnu", 'size=$(stat -c %s "$f")'),
    ("timeout", 'timeout 10 java -version'),
    ("timeout", 'out="$(timeout 5 curl -s x)"'),
    ("gnu-checksum", 'sha256sum "$f" | cut -d" " -f1'),
    ("gnu-checksum", 'got="$(sha256sum "$tmp")"'),
    ("grep-P", "grep -oP '\\d+' file"),
    ("date-gnu", 'date -d yesterday'),
    ("date-gnu", 'date +%s%N'),
    ("xargs-r", 'ls | xargs -r rm'),
    ("cp-gnu", 'cp -t "$dest" a b'),
    ("cp-gnu", 'mv --backup a b'),
    ("head-negative", 'head -n -1 file'),
    ("mktemp-gnu", 'mktemp --suffix=.part'),
    ("mktemp-gnu", 'mktemp -p /tmp x.XXXXXX'),
    ("mktemp-template", 'tmp="$(mktemp "$ROOT/data/names.txt.XXXXXX.part")"'),
    ("nproc", 'jobs=$(nproc)'),
    ("uname-o", 'os=$(uname -o)'),
    ("tac", 'cat log | tac'),
    ("getopt", 'opts=$(getopt -o ab --long all -- "$@")'),
    ("base64-w", 'base64 -w0 file'),
    ("gnu-only-tool", 'setsid java -jar x.jar'),
    ("gawk", "awk '{ print gensub(/a/, \"b\", \"g\") }'"),
    ("empty-array", 'args=()\n[ -n "$x" ] && args+=(--x)\ncmd "${args[@]}"'),
    ("empty-array", 'all=("$@")\nfor a in "${all[@]}"; do :; done'),
    ("empty-array", 'local -a found\nprintf "%s\\n" "${found[*]}"'),
]


@pytest.mark.parametrize("rule, code", PLANTED, ids=[f"{r}-{i}" for i, (r, _) in enumerate(PLANTED)])
def test_lint_catches_planted_construct(tmp_path, rule, code):
    f = tmp_path / "planted.sh"
    f.write_text("#!/usr/bin/env bash\nset -euo pipefail\n" + code + "\necho done\n")
    r = lint(f)
    assert r.returncode == 1, r.stdout
    last = 2 + code.count("\n") + 1
    assert any(line.startswith(f"{f}:{last}: {rule}:") for line in r.stdout.splitlines()), r.stdout


# The portable spellings, and look-alikes in comments, messages, quotes and here-documents: no findings.
CLEAN = [
    'args=()\n[ -n "$x" ] && args+=(--x)\ncmd ${args[@]+"${args[@]}"}',
    'need=()\n[ ${#need[@]} -eq 0 ] || install "${need[@]}"',
    'need=()\nif [ ${#need[@]} -gt 0 ]; then\n  install "${need[@]}"\n  echo "${need[*]}"\nfi',
    'flags=(-a -b)\nflags+=(-c)\ncmd "${flags[@]}"',
    'tmp="$(mktemp "$dir/names.txt.part.XXXXXX")"',
    'out="$(shasum -a 256 "$1")"',
    'if command -v sha256sum >/dev/null; then :; fi',
    'first="$(find . -newer stamp -print | head -n 1)"',
    'sed -n "s/^ *java\\.home = //p"',
    'sed -E "s/a+/b/"',
    'echo "no sha256sum here; use timeout or readlink -f elsewhere"   # sed -i in a comment',
    "# declare -A x; mapfile y; ${z,,}",
    "msg='|& and &>> and ${x,,} are only text here'",
    'python3 - <<\'EOF\'\nx = {"a": 1}\nprint(x["a"] |& 1 if False else ${x,,})\nEOF',
    'echo "$#" "${#x}" "${x:-y}" "${!x}" "${x%%.*}"',
    'n=${#arr[@]}\nlast="${arr[${#arr[@]}-1]}"',
    'case "$x" in a) echo a ;; *) echo b ;; esac',
    '{ echo a; echo b; } >log 2>&1',
    'read -r line',
    'export -n FOO',
]


@pytest.mark.parametrize("code", CLEAN, ids=range(len(CLEAN)))
def test_lint_accepts_portable_code(tmp_path, code):
    f = tmp_path / "clean.sh"
    f.write_text("#!/usr/bin/env bash\nset -euo pipefail\n" + code + "\n")
    r = lint(f)
    assert r.returncode == 0, r.stdout


def test_lint_suppression_comment(tmp_path):
    f = tmp_path / "s.sh"
    f.write_text('out="$(sha256sum "$1")"   # portable-sh: ok (tried before shasum)\n')
    assert lint(f).returncode == 0


# ---- against BSD-like tools ---------------------------------------------------------------------------

def test_the_bsd_tools_refuse_gnu_usage(tmp_path):
    """The harness below can fail: its tools refuse what the old scripts did (readlink -f, mktemp with
    X's in the middle, find -quit) and have no sha256sum."""
    log = tmp_path / "tools.log"
    bsd = sandbox.bsd_path(tmp_path / "bsd", log)
    env = {"PATH": str(bsd), "HOME": str(tmp_path)}
    for cmd in (['readlink', '-f', '/bin'], ['mktemp', f'{tmp_path}/x.XXXXXX.part'],
                ['find', str(tmp_path), '-print', '-quit'], ['sed', '-i', 's/a/b/', str(log)]):
        r = subprocess.run(cmd, env=env, capture_output=True, text=True)
        assert r.returncode == 64, (cmd, r.stderr)
    r = subprocess.run(["bash", "-c", "command -v sha256sum || echo none"], env=env, capture_output=True, text=True)
    assert r.stdout.strip() == "none"
    assert subprocess.run(["mktemp", f"{tmp_path}/x.part.XXXXXX"], env=env).returncode == 0


def test_setup_with_bsd_tools_and_no_sha256sum(tmp_path):
    project = make_project(tmp_path)
    log = tmp_path / "tools.log"
    bsd = sandbox.bsd_path(tmp_path / "bsd", log)
    env = clean_env(PATH=bsd, MAKEMORE_NAMES=sandbox.names_file())
    r = run(project, "setup", env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    calls = log.read_text()
    assert "REFUSED" not in calls, calls
    assert "shasum -a 256" in calls  # the data were checked without sha256sum
    assert "mktemp" in calls and "find" in calls
    data = project / "data" / "names.txt"
    assert hashlib.sha256(data.read_bytes()).hexdigest() == sandbox.NAMES_SHA256
    assert sorted(p.name for p in data.parent.iterdir()) == ["names.txt"]
    assert reported(r, "jupyter python") == sandbox.SYSTEM_PYTHON
    # a second run checks the copy it has (shasum again) and changes nothing
    before = data.stat().st_mtime_ns
    again = run(project, "setup", env=env)
    assert again.returncode == 0, again.stderr
    assert data.stat().st_mtime_ns == before


def test_a_wrong_names_file_is_refused_with_bsd_tools(tmp_path):
    project = make_project(tmp_path)
    bad = tmp_path / "names.txt"
    bad.write_bytes(sandbox.names_file().read_bytes().replace(b"emma", b"emmy", 1))
    bsd = sandbox.bsd_path(tmp_path / "bsd", tmp_path / "tools.log")
    r = run(project, "setup", env=clean_env(PATH=bsd, MAKEMORE_NAMES=bad))
    assert r.returncode == 2
    lines = error_lines(r)
    assert len(lines) == 1, r.stderr
    assert f"sha256 is {hashlib.sha256(bad.read_bytes()).hexdigest()}, expected {sandbox.NAMES_SHA256}" in lines[0]
    assert list((project / "data").iterdir()) == []  # the partial copy was removed
