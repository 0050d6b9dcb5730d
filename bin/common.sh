# Shared functions for bin/makemore and bin/run-tests. Sourced, never run.
# Expects ROOT to be set to the repository root.
#
# Portability: this runs under macOS's bash 3.2 and BSD tools as well as under bash 5 and GNU tools. No
# bash-4 features (declare -A, mapfile, ${x,,}, |&, &>>, negative indices), no GNU-only flags (readlink -f,
# sed -i, find -quit, stat -c, timeout, sha256sum alone), mktemp templates end in X's, and an array that
# can be empty is never expanded unguarded under set -u (bash < 4.4 calls that an unbound variable).
# tools/check_portable_sh.py checks these rules; tests/cli/test_portable_shell.py runs it.

NAMES_URL="https://raw.githubusercontent.com/karpathy/makemore/master/names.txt"
NAMES_SHA256="0a30b5557f192f32ab962680889aac5f6fda0f4cecf40a6d0b5694f58ea8cc4d"
KERNEL_NAME="java-makemore"
KERNEL_DISPLAY_NAME="Java (makemore)"
JUPYTER_DEBS=(jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client)
JUPYTER_MODULES="notebook, nbclient, nbformat, jupyter_client"
SUPPORTED_PLATFORMS="Linux x86-64, Linux ARM64 (aarch64), macOS on Apple Silicon (arm64), and Windows through WSL2"
INSTALL_JUPYTER_CONDA="conda env create -f environment.yml && conda activate makemore"
INSTALL_JUPYTER_VENV="python3 -m venv .venv && . .venv/bin/activate && pip install notebook nbclient"

# DJL must never touch the network, and keeps its native cache inside the project.
export DJL_OFFLINE=true OPT_OUT_TRACKING=true
export DJL_CACHE_DIR="$ROOT/.cache/djl" ENGINE_CACHE_DIR="$ROOT/.cache/djl"
export MAKEMORE_HOME="$ROOT"
JVM_FLAGS=(-Dai.djl.offline=true -Djava.awt.headless=true -XX:+UseParallelGC -Xmx2g
           -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
           -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error)
# The kernel runs with KERNEL_CP:LIB_CP, the notebooks' helper jar and what it needs; the CLI and the
# benchmark (train|sample|eval|bench) with CLI_CP: the cli jar and its own deps/ (picocli, progressbar and
# JLine, which stay off the notebooks' classpath) before lib's classpath.
LIB_CP="$ROOT/lib/target/makemore-lib.jar:$ROOT/lib/target/deps/*"
KERNEL_CP="$ROOT/kernel/target/jshell-kernel.jar:$ROOT/kernel/target/deps/*"
CLI_CP="$ROOT/cli/target/makemore-cli.jar:$ROOT/cli/target/deps/*:$LIB_CP"

mm_die()  { echo "makemore: $*" >&2; exit 2; }
mm_info() { echo "makemore: $*" >&2; }

mm_has_apt() { command -v apt-get >/dev/null 2>&1; }

# ---- platform -------------------------------------------------------------------------------------

# Sets MAKEMORE_PLATFORM to linux-x86_64, linux-aarch64 or osx-aarch64 (the names of libtorch's native
# builds), or stops with one line that names the supported platforms. WSL2 reports itself as Linux.
mm_check_platform() {
  local os arch what why
  os="$(uname -s 2>/dev/null)" || os=unknown
  arch="$(uname -m 2>/dev/null)" || arch=unknown
  case "$os/$arch" in
    Linux/x86_64|Linux/amd64)     MAKEMORE_PLATFORM=linux-x86_64 ;;
    Linux/aarch64|Linux/arm64)    MAKEMORE_PLATFORM=linux-aarch64 ;;
    Darwin/arm64|Darwin/aarch64)  MAKEMORE_PLATFORM=osx-aarch64 ;;
    *)
      what="$os $arch"
      case "$os" in
        Darwin)
          if [ "$(sysctl -n sysctl.proc_translated 2>/dev/null || true)" = 1 ]; then
            what="$what under Rosetta 2"
            why="this terminal runs as Intel code on an Apple Silicon Mac; open a native arm64 terminal (or run 'arch -arm64 /bin/bash') and start bin/makemore there"
          else
            what="$what, an Intel Mac"
            why="libtorch 2.7.1, which runs the models, has no build for Intel Macs; use an Apple Silicon Mac or a Linux machine"
          fi ;;
        MINGW*|MSYS*|CYGWIN*|Windows*)
          what="$what, a native Windows shell"
          why="install WSL2 ('wsl --install' in PowerShell), clone the project inside WSL and run bin/makemore there" ;;
        Linux)
          why="libtorch 2.7.1 has native builds only for 64-bit x86 and ARM; use such a machine" ;;
        *)
          why="libtorch 2.7.1 has no native build for it; use one of those" ;;
      esac
      mm_die "unsupported platform ($what). Supported: $SUPPORTED_PLATFORMS. $why." ;;
  esac
  export MAKEMORE_PLATFORM
}

# One line on how to install a missing tool on this platform.
mm_install_hint() {  # DEBIAN_PACKAGE BREW_FORMULA
  if mm_has_apt; then echo "sudo apt-get install $1"
  elif [ "$(uname -s)" = Darwin ]; then echo "brew install $2, or use conda: $INSTALL_JUPYTER_CONDA"
  else echo "install it with your package manager, or use conda: $INSTALL_JUPYTER_CONDA"
  fi
}

# ---- tools ----------------------------------------------------------------------------------------

# Prints the java executable to use, as JAVA_HOME/bin/java of the JVM itself (links resolved by asking the
# JVM for java.home, which also sees through macOS's /usr/bin/java stub). The JVM must be 17 or newer and
# native to this machine: libtorch loads into it, so an x86_64 JDK under Rosetta cannot run it.
mm_java_bin() {
  local java props spec home arch
  [ -n "${MAKEMORE_PLATFORM:-}" ] || mm_check_platform
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java="$JAVA_HOME/bin/java"
  else java="$(command -v java 2>/dev/null || true)"; fi
  [ -n "$java" ] || mm_die "no 'java' found: install a JDK 17 or newer ($(mm_install_hint openjdk-17-jdk-headless openjdk@17)) or set JAVA_HOME"
  props="$("$java" -XshowSettings:properties -version 2>&1 || true)"
  spec="$(printf '%s\n' "$props" | sed -n 's/^ *java\.specification\.version = //p')"
  home="$(printf '%s\n' "$props" | sed -n 's/^ *java\.home = //p')"
  arch="$(printf '%s\n' "$props" | sed -n 's/^ *os\.arch = //p')"
  [ -n "$spec" ] && [ -n "$home" ] && [ -x "$home/bin/java" ] \
    || mm_die "$java does not run as a Java (no JDK installed?): install a JDK 17 or newer ($(mm_install_hint openjdk-17-jdk-headless openjdk@17)) or set JAVA_HOME"
  [ "${spec%%.*}" -ge 17 ] 2>/dev/null || mm_die "$java is Java $spec; makemore needs Java 17 or newer (set JAVA_HOME)"
  case "$MAKEMORE_PLATFORM/$arch" in
    linux-x86_64/amd64|linux-x86_64/x86_64|linux-aarch64/aarch64|osx-aarch64/aarch64) ;;
    *) mm_die "$home is a Java for $arch, but this machine is $MAKEMORE_PLATFORM: install a JDK 17 or newer built for it (libtorch loads into the JVM) and set JAVA_HOME" ;;
  esac
  echo "$home/bin/java"
}

# ---- the user's Jupyter ---------------------------------------------------------------------------

mm_imports() { "$1" -c "import $2" >/dev/null 2>&1; }   # PYTHON "mod, mod..."

# The Python interpreters that may run the `jupyter` program FILE: its #! line, or a python next to it
# (venv, conda, pipx). Links are followed by hand: older macOS has no readlink -f.
mm_python_behind() {
  local f="$1" link line n=0
  while [ -L "$f" ] && [ $n -lt 20 ]; do
    link="$(readlink "$f")" || break
    case "$link" in /*) f="$link" ;; *) f="$(dirname "$f")/$link" ;; esac
    n=$((n + 1))
  done
  line="$(head -n 1 "$f" 2>/dev/null || true)"
  case "$line" in
    '#!/usr/bin/env '*) set -- ${line#'#!/usr/bin/env '}; [ $# -gt 0 ] && command -v "$1" 2>/dev/null || true ;;
    '#!'*)              set -- ${line#'#!'}; [ $# -gt 0 ] && echo "$1" ;;
  esac
  echo "$(dirname "$f")/python3"
  echo "$(dirname "$f")/python"
}

# Where users keep Jupyter, in the order it is looked for. One path per line.
mm_python_candidates() {
  local j
  if [ -n "${VIRTUAL_ENV:-}" ]; then echo "$VIRTUAL_ENV/bin/python"; fi
  if [ -n "${CONDA_PREFIX:-}" ]; then echo "$CONDA_PREFIX/bin/python"; fi
  command -v python3 2>/dev/null || true
  if j="$(command -v jupyter 2>/dev/null)"; then mm_python_behind "$j"; fi
  echo "$ROOT/.venv/bin/python"
  echo "${MAKEMORE_SYSTEM_PYTHON:-/usr/bin/python3}"   # Debian's, where apt puts Jupyter
}

# Sets FOUND_PYTHON to the first Python that imports MODULES ("a, b, c"): $MAKEMORE_PYTHON if set (it must
# import them), else an active venv, an active conda env, python3 on PATH, the python behind `jupyter` on
# PATH, the project's .venv, Debian's /usr/bin/python3. Returns 1 when none does.
mm_find_python() {
  local modules="$1" c
  FOUND_PYTHON=""
  if [ -n "${MAKEMORE_PYTHON:-}" ]; then
    mm_imports "$MAKEMORE_PYTHON" "$modules" \
      || mm_die "MAKEMORE_PYTHON=$MAKEMORE_PYTHON cannot import $modules: install them into it ('$MAKEMORE_PYTHON -m pip install notebook nbclient') or unset MAKEMORE_PYTHON"
    FOUND_PYTHON="$MAKEMORE_PYTHON"; return 0
  fi
  while IFS= read -r c; do
    [ -n "$c" ] && [ -f "$c" ] && [ -x "$c" ] || continue
    case "${c##*/}" in python*) ;; *) continue ;; esac   # a #! line may name /bin/sh
    if mm_imports "$c" "$modules"; then FOUND_PYTHON="$c"; return 0; fi
  done <<EOF
$(mm_python_candidates)
EOF
  return 1
}

# The Python that runs the notebooks (PY): the first that imports MODULES (default: what the notebooks
# need). Debian/Ubuntu: Jupyter is installed with apt when none has it. Anywhere else apt is never tried:
# the message names the one command that installs Jupyter.
mm_ensure_jupyter() {
  local modules="${1:-$JUPYTER_MODULES}"
  if mm_find_python "$modules"; then PY="$FOUND_PYTHON"; return 0; fi
  if ! mm_has_apt; then
    local venv=""
    [ -z "${VIRTUAL_ENV:-}" ] || venv=" (the active venv $VIRTUAL_ENV has none: 'pip install notebook nbclient' there)"
    mm_die "no Python with Jupyter ($modules) found$venv. Install it with one command, then run bin/makemore again:
  $INSTALL_JUPYTER_CONDA
or
  $INSTALL_JUPYTER_VENV"
  fi
  mm_apt_install "${JUPYTER_DEBS[@]}" || mm_die "Jupyter is missing and cannot be installed without root or sudo.
  Either: sudo apt-get install ${JUPYTER_DEBS[*]}
  or, with conda: $INSTALL_JUPYTER_CONDA
  or, in a venv: $INSTALL_JUPYTER_VENV"
  mm_find_python "$modules" || mm_die "Jupyter was installed but /usr/bin/python3 still cannot import $modules"
  PY="$FOUND_PYTHON"
}

# Install Debian packages: as root with apt-get, otherwise with passwordless sudo. Returns 1 off Debian.
mm_apt_install() {
  local sudo=""
  mm_has_apt || return 1
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else return 1; fi
  fi
  mm_info "installing Debian packages: $*"
  mkdir -p "$ROOT/target/logs"
  { $sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "$@"; } \
    >"$ROOT/target/logs/apt.log" 2>&1 || { tail -n 20 "$ROOT/target/logs/apt.log" >&2; mm_die "apt-get install $* failed (log: target/logs/apt.log)"; }
}

# ---- build ----------------------------------------------------------------------------------------

mm_build() {
  local stamp="$ROOT/target/.build-stamp"
  if [ -f "$stamp" ] && [ -f "$ROOT/lib/target/makemore-lib.jar" ] && [ -f "$ROOT/kernel/target/jshell-kernel.jar" ] \
     && [ -f "$ROOT/cli/target/makemore-cli.jar" ] \
     && [ -z "$(find "$ROOT/pom.xml" "$ROOT/lib/pom.xml" "$ROOT/kernel/pom.xml" "$ROOT/cli/pom.xml" \
                  "$ROOT/lib/src/main" "$ROOT/kernel/src/main" "$ROOT/cli/src/main" \
                  -newer "$stamp" -print 2>/dev/null | head -n 1)" ]; then
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || mm_die "'mvn' (Apache Maven 3.8+) is not installed: $(mm_install_hint maven maven)"
  mkdir -p "$ROOT/target/logs"
  mm_info "building (mvn package; log: target/logs/build.log)"
  if ! (cd "$ROOT" && JAVA_HOME="$(dirname "$(dirname "$JAVA")")" mvn -B -q package -DskipTests) >"$ROOT/target/logs/build.log" 2>&1; then
    grep -E 'ERROR|error:' "$ROOT/target/logs/build.log" | head -n 20 >&2
    mm_die "the Maven build failed (full log: target/logs/build.log)"
  fi
  touch "$stamp"
}

# ---- data -----------------------------------------------------------------------------------------

# sha256 of a file with whatever the system has: GNU sha256sum, macOS/BSD shasum, or openssl.
mm_sha256() {
  local out
  if command -v sha256sum >/dev/null 2>&1; then out="$(sha256sum "$1")"    # portable-sh: ok (GNU first)
  elif command -v shasum >/dev/null 2>&1; then out="$(shasum -a 256 "$1")"
  elif command -v openssl >/dev/null 2>&1; then out="$(openssl dgst -sha256 -r "$1")"
  else mm_die "no sha256 tool found (sha256sum, shasum or openssl)"
  fi
  echo "${out%% *}"
}

mm_fetch_data() {
  local dest="$ROOT/data/names.txt" tmp got
  if [ -f "$dest" ]; then
    [ "$(mm_sha256 "$dest")" = "$NAMES_SHA256" ] && return 0
    mm_info "data/names.txt has the wrong sha256; replacing it"
    rm -f "$dest"
  fi
  mkdir -p "$ROOT/data"
  tmp="$(mktemp "$ROOT/data/names.txt.part.XXXXXX")"
  MM_PARTIAL="$tmp"
  trap 'rm -f "${MM_PARTIAL:-}"' EXIT
  if [ -n "${MAKEMORE_NAMES:-}" ]; then
    [ -f "$MAKEMORE_NAMES" ] && [ -r "$MAKEMORE_NAMES" ] || mm_die "MAKEMORE_NAMES=$MAKEMORE_NAMES: no such readable file"
    cp "$MAKEMORE_NAMES" "$tmp"
    got="$(mm_sha256 "$tmp")"
    [ "$got" = "$NAMES_SHA256" ] || mm_die "MAKEMORE_NAMES=$MAKEMORE_NAMES: sha256 is $got, expected $NAMES_SHA256 (not the makemore names.txt?)"
  else
    command -v curl >/dev/null 2>&1 || mm_die "'curl' is needed to download names.txt: $(mm_install_hint curl curl), or MAKEMORE_NAMES=/path/to/names.txt bin/makemore setup"
    mm_info "downloading names.txt"
    if ! curl -fsSL --retry 2 --connect-timeout 15 --max-time 120 -o "$tmp" "$NAMES_URL" 2>/dev/null; then
      mm_die "could not download $NAMES_URL.
  Without network access, copy names.txt from the makemore repository onto this machine and run:
    MAKEMORE_NAMES=/path/to/names.txt bin/makemore setup"
    fi
    got="$(mm_sha256 "$tmp")"
    [ "$got" = "$NAMES_SHA256" ] || mm_die "downloaded names.txt has sha256 $got, expected $NAMES_SHA256; nothing was saved"
  fi
  chmod 644 "$tmp"
  mv -f "$tmp" "$dest"
  MM_PARTIAL=""
}

# ---- kernelspec -----------------------------------------------------------------------------------

# A project-local kernelspec under .jupyter/ (found through JUPYTER_PATH; nothing is installed globally).
# `bin/makemore kernel install` copies this directory, absolute paths and all, into the user's Jupyter.
# Start-up (tools/first_cell.py times it): an explicit jar list and the class-data-sharing archive that
# mm_kernel_cds builds for it (tools/kernel_cds.py), C2 compiling later, JShell's class-path indexing
# postponed (--add-opens), and a warm-up file that loads libtorch while the first cells compile.
mm_kernelspec() {
  local java="${MAKEMORE_KERNEL_JAVA:-$JAVA}"
  mkdir -p "$ROOT/.jupyter/kernels/$KERNEL_NAME"
  "$PY" - "$ROOT" "$java" "$KERNEL_CP:$LIB_CP" "$KERNEL_NAME" "$KERNEL_DISPLAY_NAME" "${JVM_FLAGS[@]}" <<'PYEOF'
import json, os, sys
root, java, cp, name, display, *flags = sys.argv[1:]
sys.path.insert(0, os.path.join(root, "tools"))
import kernel_cds
cp = kernel_cds.explicit_classpath(cp)
# C2 takes over from C1 after 10x the usual counts: the one-off compiler work of the first cells then
# keeps no core busy with C2 compilations, while training loops still reach C2 within their first second.
jit = ["-XX:Tier4InvocationThreshold=50000", "-XX:Tier4MinInvocationThreshold=6000",
       "-XX:Tier4CompileThreshold=150000", "-XX:Tier4BackEdgeThreshold=400000"]
flags = [*flags, *jit, "--add-opens=jdk.jshell/jdk.jshell=ALL-UNNAMED"]
flags += kernel_cds.jvm_flags(root, java, cp, flags)
warm_up = os.path.join(root, "lib", "src", "main", "jshell", "kernel-warm-up.jsh")
spec = {
    "argv": [java, "-cp", cp, *flags, "dev.jshellkernel.Main", "--warm-up", warm_up, "{connection_file}"],
    "display_name": display,
    "language": "java",
    "interrupt_mode": "message",
    "env": {
        "DJL_OFFLINE": "true",
        "OPT_OUT_TRACKING": "true",
        "DJL_CACHE_DIR": os.path.join(root, ".cache", "djl"),
        "ENGINE_CACHE_DIR": os.path.join(root, ".cache", "djl"),
        "MAKEMORE_HOME": root,
    },
    "metadata": {"makemore_home": root},
}
path = os.path.join(root, ".jupyter", "kernels", name, "kernel.json")
text = json.dumps(spec, indent=1) + "\n"
try:
    old = open(path).read()
except OSError:
    old = None
if old != text:
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)
PYEOF
}

mm_jupyter_env() {
  export JUPYTER_PATH="$ROOT/.jupyter" JUPYTER_CONFIG_DIR="$ROOT/.jupyter/config"
  export JUPYTER_DATA_DIR="$ROOT/.jupyter/data" JUPYTER_RUNTIME_DIR="$ROOT/.jupyter/runtime"
}

# `kernel install`: the project-local kernelspec, registered for this user as `jupyter kernelspec install
# --user` does (jupyter_client's KernelSpecManager, into the user's Jupyter data dir, honouring the user's
# own JUPYTER_DATA_DIR), so JupyterLab, Notebook 7 and VS Code list it without JUPYTER_PATH.
mm_kernel_install() {
  "$PY" - "$ROOT/.jupyter/kernels/$KERNEL_NAME" "$KERNEL_NAME" "$ROOT" <<'PYEOF'
import json, os, sys
from jupyter_client.kernelspec import KernelSpecManager
src, name, root = sys.argv[1:]
ksm = KernelSpecManager()
old = os.path.join(ksm.user_kernel_dir, name, "kernel.json")
try:
    before = json.load(open(old)).get("metadata", {}).get("makemore_home")
except (OSError, ValueError):
    before = None
dest = ksm.install_kernel_spec(src, kernel_name=name, user=True)
display = json.load(open(os.path.join(dest, "kernel.json")))["display_name"]
print(f"makemore: installed the kernel \"{display}\" ({name}) for this user in {dest}")
if before and before != root:
    print(f"makemore: it replaces the one that ran the project in {before}")
print(f"makemore: it runs this project's build ({root}); JupyterLab, Notebook 7 and VS Code list it."
      " Undo with: bin/makemore kernel remove")
found = KernelSpecManager().find_kernel_specs().get(name)
if found and os.path.realpath(found) != os.path.realpath(dest):
    print(f"makemore: note: Jupyter finds another {name} kernel first, in {found} (JUPYTER_PATH?)", file=sys.stderr)
PYEOF
}

mm_kernel_remove() {
  "$PY" - "$KERNEL_NAME" <<'PYEOF'
import os, shutil, sys
from jupyter_client.kernelspec import KernelSpecManager
name = sys.argv[1]
ksm = KernelSpecManager()
path = os.path.join(ksm.user_kernel_dir, name)
if os.path.isdir(path):
    shutil.rmtree(path)
    print(f"makemore: removed the kernel {name} from {path}")
else:
    print(f"makemore: the kernel {name} is not installed for this user ({path}); nothing to remove")
left = KernelSpecManager().find_kernel_specs().get(name)
if left:
    print(f"makemore: Jupyter still finds a {name} kernel in {left}, installed some other way", file=sys.stderr)
    sys.exit(1)
PYEOF
}

# ---- commands -------------------------------------------------------------------------------------

# Everything setup does except pointing Jupyter at the project's .jupyter/ (kernel install needs the
# user's own Jupyter directories). MODULES: what the Python must import (default: the notebooks' needs).
mm_prepare() {
  mm_check_platform
  JAVA="$(mm_java_bin)"
  mm_ensure_jupyter "${1:-}"
  mm_build
  mm_fetch_data
  mm_kernelspec
  mm_kernel_cds
}

# The kernel's start-up archive, when the kernelspec names one that is missing (a training run of the
# kernel, about 15 s, once per build and Java; log: target/logs/kernel-cds.log). MAKEMORE_KERNEL_CDS=0: none.
mm_kernel_cds() {
  "$PY" "$ROOT/tools/kernel_cds.py" build "$ROOT/.jupyter/kernels/$KERNEL_NAME/kernel.json" \
    --log "$ROOT/target/logs/kernel-cds.log"
}

mm_setup() {
  mm_prepare
  mm_jupyter_env
  # Everything downstream (tests, kernels, CLI) reads the verified copy.
  export MAKEMORE_NAMES="$ROOT/data/names.txt" MAKEMORE_JAVA="$JAVA" MAKEMORE_PY="$PY"
}

# What `bin/makemore setup` reports at the end: what it found and chose.
mm_report() {
  echo "makemore: platform $MAKEMORE_PLATFORM"
  echo "makemore: java $JAVA"
  echo "makemore: jupyter python $PY"
  echo "makemore: ready. bin/makemore notebook opens the notebooks; bin/makemore kernel install adds \"$KERNEL_DISPLAY_NAME\" to your own Jupyter"
}

mm_kernel() {
  local usage="usage: bin/makemore kernel install|remove (register \"$KERNEL_DISPLAY_NAME\" with your own Jupyter, or undo it)"
  [ $# -eq 1 ] || mm_die "$usage"
  case "$1" in
    install) mm_prepare jupyter_client; mm_kernel_install ;;   # JupyterLab or VS Code alone will do
    remove)
      mm_find_python jupyter_client || mm_die "no Python with jupyter_client found, so no Jupyter to remove the kernel from"
      PY="$FOUND_PYTHON"; mm_kernel_remove ;;
    *) mm_die "$usage" ;;
  esac
}

# The command line and the benchmark (bin/makemore train|sample|eval|bench): MAIN_CLASS ARGS...
mm_java() { exec "$JAVA" "${JVM_FLAGS[@]}" -cp "$CLI_CP" "$@"; }

mm_notebook() {
  local port=8888 token="" ip=127.0.0.1
  while [ $# -gt 0 ]; do
    case "$1" in
      --port) [ $# -ge 2 ] || mm_die "--port needs a number"; port="$2"; shift 2 ;;
      --token) [ $# -ge 2 ] || mm_die "--token needs a value"; token="$2"; shift 2 ;;
      *) mm_die "notebook: unknown option '$1' (options: --port N, --token T)" ;;
    esac
  done
  case "$port" in ''|*[!0-9]*) mm_die "--port must be a number from 1 to 65535, not '$port'" ;; esac
  [ "$port" -ge 1 ] && [ "$port" -le 65535 ] || mm_die "--port must be a number from 1 to 65535, not '$port'"
  [ -n "$token" ] || token="$("$PY" -c 'import secrets; print(secrets.token_hex(24))')"
  # The token travels in JUPYTER_TOKEN, which the classic notebook (6) and Notebook 7 (jupyter_server)
  # both read, and which keeps it off the process list. The options below exist in both.
  export JUPYTER_TOKEN="$token"
  local args=(--no-browser --ip="$ip" --port="$port" --port-retries=0 --notebook-dir="$ROOT/notebooks")
  [ "$(id -u)" -eq 0 ] && args+=(--allow-root)
  echo "makemore: notebooks at http://$ip:$port/tree?token=$token"
  exec "$PY" -m notebook "${args[@]}"
}

mm_notebooks() { exec "$PY" "$ROOT/tools/run_notebooks.py" "$@"; }
