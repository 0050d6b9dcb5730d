#!/usr/bin/env python3
"""Flags shell code that breaks on macOS: bash-4-only constructs (macOS ships bash 3.2) and GNU-only tool
flags (macOS has BSD tools), in bin/makemore, bin/common.sh and bin/run-tests by default.

Usage: check_portable_sh.py [FILE...]
Prints 'FILE:LINE: RULE: why' for each finding and exits 1 if there is any. A line that is fine all the
same (e.g. GNU sha256sum tried before shasum) carries the comment '# portable-sh: ok (...)'.

A grep-level lint, not a parser: comments and here-document bodies are ignored, single-quoted text is
ignored by the bash rules (it is literal) but not by the tool rules (sed scripts live there), and the
literal text of double quotes is ignored by the tool rules (messages name tools) except inside $(...).

Arrays: under `set -u`, bash before 4.4 (macOS's 3.2 included) stops with "unbound variable" on
"${a[@]}" when the array a is empty. An array counts as possibly empty when it is ever assigned () or
only expansions (("$@"), ($(cmd))), declared without a value, or filled by `read -a`; its expansions must
then be guarded: ${a[@]+"${a[@]}"}, a ${#a[@]} test on the same line, or an enclosing
`if [ ${#a[@]} -gt 0 ]; then` block. Arrays are matched by name
across all the files checked together (common.sh defines arrays that run-tests uses).
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILES = ["bin/makemore", "bin/common.sh", "bin/run-tests"]
SUPPRESS = "# portable-sh: ok"

NAME = r"[A-Za-z_][A-Za-z0-9_]*"
CMD = r"(?:^|[;&|({`]|\$\(|\b(?:then|do|else|exec|if|while|until|command)\s)\s*"  # where a command starts

# (rule, regex, why); checked on code without comments and with single-quoted text blanked.
BASH_RULES = [
    ("declare-A", rf"\b(?:declare|typeset|local|readonly)\s+(?:-[a-zA-Z]+\s+)*-[a-zA-Z]*A",
     "associative arrays need bash 4 (macOS has 3.2)"),
    ("declare-n", rf"\b(?:declare|typeset|local)\s+(?:-[a-zA-Z]+\s+)*-[a-zA-Z]*n\b", "namerefs need bash 4.3"),
    ("declare-g", rf"\b(?:declare|typeset)\s+(?:-[a-zA-Z]+\s+)*-[a-zA-Z]*g", "declare -g needs bash 4.2"),
    ("declare-lu", rf"\b(?:declare|typeset|local)\s+(?:-[a-zA-Z]+\s+)*-[a-zA-Z]*[lu]\b",
     "the lower/upper-case attributes need bash 4"),
    ("mapfile", r"(?<![\w-])(?:mapfile|readarray)\b", "mapfile/readarray need bash 4: use a while-read loop"),
    ("case-modification", rf"\$\{{[#!]?{NAME}(?:\[[^]]*\])?(?:\^|,)", "${x,,} and ${x^^} need bash 4: use tr"),
    ("transformation", rf"\$\{{{NAME}(?:\[[^]]*\])?@[QEPAaKkUuL]\}}", "${x@Q} and friends need bash 4.4"),
    ("pipe-ampersand", r"\|&", "|& needs bash 4: write 2>&1 |"),
    ("append-both", r"&>>", "&>> needs bash 4: write >>file 2>&1"),
    ("negative-index", rf"\$\{{{NAME}\[\s*-\s*\d+\s*\]\}}|\b{NAME}\[\s*-\d+\s*\]=",
     "negative array indices need bash 4.3: use ${a[${#a[@]}-1]}"),
    ("coproc", r"(?<![\w-])coproc\b", "coproc needs bash 4"),
    ("case-fallthrough", r";;&|(?<![;&>]);&", "case fall-through (;& and ;;&) needs bash 4"),
    ("shopt-bash4", r"\bshopt\s+-s\b.*\b(?:globstar|lastpipe|inherit_errexit|autocd|direxpand|dirspell|checkjobs"
                    r"|assoc_expand_once|localvar_inherit|localvar_unset|compat\d+)\b",
     "this shopt option does not exist in bash 3.2"),
    ("fd-variable", rf"(?<![$\w]){{{NAME}\}}\s*[<>]", "{fd}> redirections need bash 4.1"),
    ("bash4-variable", r"\$\{?(?:BASHPID|EPOCHSECONDS|EPOCHREALTIME|SRANDOM|BASH_ARGV0)\b",
     "this variable does not exist in bash 3.2"),
    ("wait-n", r"\bwait\s+-[a-z]*[nfp]", "wait -n/-f/-p need bash 4.3 or later"),
    ("test-v", r"(?:\[\[?|\btest)\s+(?:!\s+)?-[vR]\s", "test -v needs bash 4.2: use ${x+set}"),
    ("read-bash4", r"\bread\b[^|;&]*\s-[a-zA-Z]*[Ni]\b|\bread\b[^|;&]*\s-t\s*\d*\.\d",
     "read -N, -i and fractional -t need bash 4"),
    ("brace-bash4", r"\{0\d+\.\.\d+\}|\{-?\d+\.\.-?\d+\.\.-?\d+\}", "zero-padded and stepped {a..b} need bash 4"),
    ("local-dash", r"\blocal\s+-\s*(?:$|;)", "local - needs bash 4.4"),
]

# (rule, regex, why); checked on code without comments, quoted text included.
TOOL_RULES = [
    ("printf-time", r"\bprintf\b.*%\([^)]*\)T", "printf %(...)T needs bash 4.2: use date"),
    ("readlink-f", r"\breadlink\s+(?:-\w+\s+)*(?:-\w*[fem]\b|--canonicalize)",
     "older macOS readlink has no -f: follow links in a loop, or ask the program (java.home)"),
    ("realpath", r"(?<![\w./-])realpath\b", "no realpath before macOS 13"),
    ("sed-gnu-flag", r"\bsed\s+(?:-\w+\s+(?:'[^']*'\s+)?)*(?:-\w*[irzsu]\b|--\w)",
     "GNU sed flag (-i differs on BSD, -r is -E there): write to a temporary file and mv"),
    ("regex-gnu-escape", r"\b(?:sed|grep)\b(?!.*\s-\w*E\b)[^|;]*\\[+?|]",
     "\\+ \\? \\| are GNU extensions of basic regexes: use -E"),
    ("find-gnu", r"\bfind\b.*\s-(?:quit|printf|fprintf|regextype|readable|writable|executable)\b",
     "GNU find expression, missing from BSD finds (for -quit: pipe into head -n 1)"),
    ("stat-gnu", r"\bstat\b.*(?:\s-c\b|--format|--printf)", "stat -c is GNU; BSD uses stat -f"),
    ("timeout", CMD + r"timeout\s", "GNU timeout does not exist on macOS"),
    ("gnu-checksum", r"(?<![\w-])(?<!command -v )(?:sha256sum|sha1sum|sha512sum|md5sum)\b",
     "no sha256sum on macOS: fall back to shasum -a 256"),
    ("grep-P", r"\bgrep\s+(?:-\w+\s+)*(?:-\w*P|--perl-regexp)", "BSD grep has no -P"),
    ("date-gnu", r"\bdate\s+(?:-\w+\s+)*(?:-d\b|--date)|\bdate\b.*%N", "date -d and %N are GNU-only"),
    ("xargs-r", r"\bxargs\s+(?:-\w+\s+)*-\w*r\b|--no-run-if-empty", "xargs -r is GNU-only"),
    ("cp-gnu", r"\b(?:cp|mv|ln)\s+(?:-\w+\s+)*(?:-\w*[tT]\b|--[a-z])", "-t, -T and long options are GNU-only"),
    ("head-negative", r"\b(?:head|tail)\s+(?:-\w+\s+)*-[nc]\s*-\d", "head -n -N is GNU-only"),
    ("mktemp-gnu", r"\bmktemp\b.*(?:--|\s-p\b)", "BSD mktemp has no long options and no -p"),
    ("mktemp-template", r"\bmktemp\b[^;|&)]*X{3,}[^X\s\"';|&)]",
     "BSD mktemp replaces only trailing X's: end the template with XXXXXX"),
    ("nproc", CMD + r"nproc\b", "no nproc on macOS: sysctl -n hw.ncpu"),
    ("uname-o", r"\buname\s+(?:-\w+\s+)*-\w*o", "uname -o is GNU-only"),
    ("tac", CMD + r"tac\b", "no tac on macOS: tail -r"),
    ("getopt", r"\bgetopt\b(?!s)", "GNU getopt (long options) differs from BSD's: parse with a case loop"),
    ("base64-w", r"\bbase64\s+(?:-\w+\s+)*-w", "base64 -w is GNU-only"),
    ("gnu-only-tool", CMD + r"(?:stdbuf|setsid|flock)\b", "util-linux/coreutils tool missing on macOS"),
    ("gawk", r"\b(?:gensub|systime|strftime)\(", "gawk-only function: macOS awk lacks it"),
]


def code_lines(text):
    """(line number, tools view, bash view) of each logical line (backslash continuations joined, numbered by
    their first line) outside here-document bodies; comments are dropped from both views. The tools view
    blanks the literal text of double quotes but keeps the commands in their $(...); the bash view keeps
    double-quoted text (expansions happen there) and blanks single-quoted text. Quote state carries across
    lines (multi-line strings)."""
    heredocs = []  # pending terminators, in order
    quote = None  # None, "'" or '"'
    depth = 0  # $( nesting inside double quotes
    out = []
    pending = None
    for number, line in enumerate(text.split("\n"), 1):
        if heredocs:
            word, strip_tabs = heredocs[0]
            if (line.lstrip("\t") if strip_tabs else line) == word:
                heredocs.pop(0)
            continue
        tools, bash = [], []
        i = 0
        while i < len(line):
            c = line[i]
            two = line[i:i + 2]
            if quote is None or depth:
                if c == "\\" and i + 1 < len(line):
                    tools.append(two); bash.append(two); i += 2; continue
                if c == "#" and (i == 0 or line[i - 1] in " \t;&|(") and quote is None:
                    break
                if depth:
                    if c == "(":
                        depth += 1
                    elif c == ")":
                        depth -= 1
                elif c in "'\"":
                    quote = c
                tools.append(c); bash.append(c)
            elif quote == "'":
                if c == "'":
                    quote = None
                tools.append(c); bash.append(c if c == "'" else " ")
            else:  # double quotes: expansions still happen inside
                if c == "\\" and i + 1 < len(line):
                    tools.append("  "); bash.append(two); i += 2; continue
                if two == "$(":
                    depth = 1
                    tools.append(two); bash.append(two); i += 2; continue
                if c == '"':
                    quote = None
                tools.append(c if c == '"' else " "); bash.append(c)
            i += 1
        tools, bash = "".join(tools), "".join(bash)
        for m in re.finditer(r"(?<!<)<<(-?)\s*(['\"]?)(\w+)\2", line[:len(bash)]):
            heredocs.append((m.group(3), m.group(1) == "-"))
        if pending:
            pending = (pending[0], pending[1] + " " + tools, pending[2] + " " + bash)
        else:
            pending = (number, tools, bash)
        if line.endswith("\\") and quote != "'":
            pending = (pending[0], pending[1][:-1], pending[2][:-1])
            continue
        out.append(pending)
        pending = None
    if pending:
        out.append(pending)
    return out


def guarded_blocks(lines):
    """{line number: names} for lines inside `if [ ${#a[@]} -gt 0 ]; then ... fi` (indentation-based)."""
    guarded = {}
    raw = {}
    for number, _, bash in lines:
        raw[number] = bash
    open_guards = []  # (indent, names)
    for number, _, bash in lines:
        indent = len(bash) - len(bash.lstrip())
        word = bash.strip().split(" ")[0] if bash.strip() else ""
        while open_guards and indent <= open_guards[-1][0] and word in ("fi", "else", "elif"):
            open_guards.pop()
        names = {n for g in open_guards for n in g[1]}
        if names:
            guarded[number] = names
        m = re.match(r"\s*if\s+\[\s+\"?\$\{#(\w+)\[@\]\}\"?\s+-(?:gt|ne)\s+0\s+\]", bash)
        if m:
            open_guards.append((indent, {m.group(1)}))
    return guarded


def possibly_empty_arrays(all_code):
    """Names of arrays that may be empty somewhere in the joined code of all files."""
    names = set()
    for m in re.finditer(rf"(?:^|[\s;&|(])(?:(?:local|declare|typeset)\s+(?:-\w+\s+)*)?({NAME})(?:\+)?=\(([^)]*)\)",
                         all_code, re.M):
        words = m.group(2).split()
        if not words or all(w.lstrip('"').startswith("$") for w in words):
            names.add(m.group(1))
    for m in re.finditer(rf"\b(?:local|declare|typeset)\s+(?:-\w+\s+)*-\w*a\w*\s+((?:{NAME}\s*)+)(?:$|;)",
                         all_code, re.M):
        names.update(m.group(1).split())
    for m in re.finditer(rf"\bread\b[^;&|\n]*\s-\w*a\s*({NAME})", all_code):
        names.add(m.group(1))
    # "NAME+=(" only appends, and a literal assignment elsewhere does not make an empty one safe
    return names


def check(paths):
    files = [(p, code_lines(Path(p).read_text(errors="replace"))) for p in paths]
    raw = {p: Path(p).read_text(errors="replace").split("\n") for p in paths}
    empty = possibly_empty_arrays("\n".join(bash for _, lines in files for _, _, bash in lines))
    findings = []
    for path, lines in files:
        guarded = guarded_blocks(lines)
        for number, tools, bash in lines:
            if SUPPRESS in raw[path][number - 1]:
                continue
            for rule, rx, why in BASH_RULES:
                if re.search(rx, bash):
                    findings.append((path, number, rule, why))
            for rule, rx, why in TOOL_RULES:
                if re.search(rx, tools):
                    findings.append((path, number, rule, why))
            unguarded = re.sub(rf"\$\{{({NAME})\[[@*]\]:?\+\"?\$\{{\1\[[@*]\]\}}\"?\}}", "", bash)
            for m in re.finditer(rf"\$\{{({NAME})\[[@*]\](?:\}}|:\d)", unguarded):
                name = m.group(1)
                if name in empty and "${#" + name + "[" not in bash and name not in guarded.get(number, ()):
                    findings.append((path, number, "empty-array",
                                     f"{name} can be empty: bash < 4.4 with set -u stops on ${{{name}[@]}}; "
                                     f"write ${{{name}[@]+\"${{{name}[@]}}\"}} or test ${{#{name}[@]}} first"))
    return findings


def main(argv):
    paths = argv or [str(ROOT / f) for f in DEFAULT_FILES]
    findings = check(paths)
    for path, number, rule, why in findings:
        print(f"{path}:{number}: {rule}: {why}")
    if not findings:
        print(f"portable: {len(paths)} file(s), no bash-4 or GNU-only constructs")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
