# Shared functions for bin/makemore and bin/run-tests. Sourced, never run.
# Expects ROOT to be set to the repository root.

NAMES_URL="https://raw.githubusercontent.com/karpathy/makemore/master/names.txt"
NAMES_SHA256="0a30b5557f192f32ab962680889aac5f6fda0f4cecf40a6d0b5694f58ea8cc4d"
KERNEL_NAME="java-makemore"
JUPYTER_DEBS=(jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client)

# DJL must never touch the network, and keeps its native cache inside the project.
export DJL_OFFLINE=true OPT_OUT_TRACKING=true
export DJL_CACHE_DIR="$ROOT/.cache/djl" ENGINE_CACHE_DIR="$ROOT/.cache/djl"
export MAKEMORE_HOME="$ROOT"
JVM_FLAGS=(-Dai.djl.offline=true -Djava.awt.headless=true -XX:+UseParallelGC -Xmx2g
           -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
           -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error)
LIB_CP="$ROOT/lib/target/makemore-lib.jar:$ROOT/lib/target/deps/*"
KERNEL_CP="$ROOT/kernel/target/jshell-kernel.jar:$ROOT/kernel/target/deps/*"

mm_die()  { echo "makemore: $*" >&2; exit 2; }
mm_info() { echo "makemore: $*" >&2; }

# ---- tools ----------------------------------------------------------------------------------------

mm_java_bin() {
  local java
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java="$JAVA_HOME/bin/java"
  else java="$(command -v java || true)"; fi
  [ -n "$java" ] || mm_die "no 'java' found: install a JDK 17 or newer (Debian: apt-get install openjdk-17-jdk-headless) or set JAVA_HOME"
  java="$(readlink -f "$java")"
  local spec
  spec="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  [ "${spec%%.*}" -ge 17 ] 2>/dev/null || mm_die "$java is Java $spec; makemore needs Java 17 or newer (set JAVA_HOME)"
  echo "$java"
}

# The Python that has Jupyter: $MAKEMORE_PYTHON, an active conda env, or Debian's /usr/bin/python3.
mm_has_jupyter() { "$1" -c 'import notebook, nbclient, nbformat, jupyter_client' >/dev/null 2>&1; }
mm_python() {
  local c
  for c in "${MAKEMORE_PYTHON:-}" "${CONDA_PREFIX:+$CONDA_PREFIX/bin/python}" /usr/bin/python3; do
    if [ -n "$c" ] && [ -x "$c" ] && mm_has_jupyter "$c"; then echo "$c"; return 0; fi
  done
  return 1
}

# Install Debian packages: as root with apt-get, otherwise with passwordless sudo.
mm_apt_install() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"; else return 1; fi
  fi
  command -v apt-get >/dev/null || return 1
  mm_info "installing Debian packages: $*"
  mkdir -p "$ROOT/target/logs"
  { $sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "$@"; } \
    >"$ROOT/target/logs/apt.log" 2>&1 || { tail -20 "$ROOT/target/logs/apt.log" >&2; mm_die "apt-get install $* failed (log: target/logs/apt.log)"; }
}

mm_ensure_jupyter() {
  PY="$(mm_python)" && return 0
  mm_apt_install "${JUPYTER_DEBS[@]}" || mm_die "Jupyter is missing and cannot be installed without root or sudo.
  Either: sudo apt-get install ${JUPYTER_DEBS[*]}
  or, with conda: conda env create -f environment.yml && conda activate makemore"
  PY="$(mm_python)" || mm_die "Jupyter was installed but /usr/bin/python3 still cannot import notebook/nbclient"
}

# ---- build ----------------------------------------------------------------------------------------

mm_build() {
  local stamp="$ROOT/target/.build-stamp"
  if [ -f "$stamp" ] && [ -f "$ROOT/lib/target/makemore-lib.jar" ] && [ -f "$ROOT/kernel/target/jshell-kernel.jar" ] \
     && [ -z "$(find "$ROOT/pom.xml" "$ROOT/lib/pom.xml" "$ROOT/kernel/pom.xml" "$ROOT/lib/src/main" "$ROOT/kernel/src/main" \
                  -newer "$stamp" -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  command -v mvn >/dev/null || mm_die "'mvn' (Apache Maven 3.8+) is not installed: apt-get install maven, or use environment.yml"
  mkdir -p "$ROOT/target/logs"
  mm_info "building (mvn package; log: target/logs/build.log)"
  if ! (cd "$ROOT" && JAVA_HOME="$(dirname "$(dirname "$JAVA")")" mvn -B -q package -DskipTests) >"$ROOT/target/logs/build.log" 2>&1; then
    grep -E 'ERROR|error:' "$ROOT/target/logs/build.log" | head -20 >&2
    mm_die "the Maven build failed (full log: target/logs/build.log)"
  fi
  touch "$stamp"
}

# ---- data -----------------------------------------------------------------------------------------

mm_sha256() { sha256sum "$1" | cut -d' ' -f1; }

mm_fetch_data() {
  local dest="$ROOT/data/names.txt" tmp got
  if [ -f "$dest" ]; then
    [ "$(mm_sha256 "$dest")" = "$NAMES_SHA256" ] && return 0
    mm_info "data/names.txt has the wrong sha256; replacing it"
    rm -f "$dest"
  fi
  mkdir -p "$ROOT/data"
  tmp="$(mktemp "$ROOT/data/names.txt.XXXXXX.part")"
  MM_PARTIAL="$tmp"
  trap 'rm -f "${MM_PARTIAL:-}"' EXIT
  if [ -n "${MAKEMORE_NAMES:-}" ]; then
    [ -f "$MAKEMORE_NAMES" ] && [ -r "$MAKEMORE_NAMES" ] || mm_die "MAKEMORE_NAMES=$MAKEMORE_NAMES: no such readable file"
    cp "$MAKEMORE_NAMES" "$tmp"
    got="$(mm_sha256 "$tmp")"
    [ "$got" = "$NAMES_SHA256" ] || mm_die "MAKEMORE_NAMES=$MAKEMORE_NAMES: sha256 is $got, expected $NAMES_SHA256 (not the makemore names.txt?)"
  else
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
mm_kernelspec() {
  local java="${MAKEMORE_KERNEL_JAVA:-$JAVA}"
  mkdir -p "$ROOT/.jupyter/kernels/$KERNEL_NAME"
  "$PY" - "$ROOT" "$java" "$KERNEL_CP:$LIB_CP" "$KERNEL_NAME" "${JVM_FLAGS[@]}" <<'PYEOF'
import json, os, sys
root, java, cp, name, *flags = sys.argv[1:]
spec = {
    "argv": [java, "-cp", cp, *flags, "dev.jshellkernel.Main", "{connection_file}"],
    "display_name": "Java (makemore)",
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

# ---- commands -------------------------------------------------------------------------------------

mm_setup() {
  JAVA="$(mm_java_bin)"
  mm_ensure_jupyter
  mm_build
  mm_fetch_data
  mm_kernelspec
  mm_jupyter_env
  # Everything downstream (tests, kernels, CLI) reads the verified copy.
  export MAKEMORE_NAMES="$ROOT/data/names.txt" MAKEMORE_JAVA="$JAVA" MAKEMORE_PY="$PY"
}

mm_java() { exec "$JAVA" "${JVM_FLAGS[@]}" -cp "$LIB_CP" "$@"; }

mm_notebook() {
  local port=8888 token="" ip=127.0.0.1
  while [ $# -gt 0 ]; do
    case "$1" in
      --port) [ $# -ge 2 ] || mm_die "--port needs a number"; port="$2"; shift 2 ;;
      --token) [ $# -ge 2 ] || mm_die "--token needs a value"; token="$2"; shift 2 ;;
      *) mm_die "notebook: unknown option '$1' (options: --port N, --token T)" ;;
    esac
  done
  [[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] || mm_die "--port must be a number from 1 to 65535, not '$port'"
  [ -n "$token" ] || token="$("$PY" -c 'import secrets; print(secrets.token_hex(24))')"
  local args=(--no-browser --ip="$ip" --port="$port" --port-retries=0 --notebook-dir="$ROOT/notebooks"
              --NotebookApp.token="$token" --NotebookApp.open_browser=False)
  [ "$(id -u)" -eq 0 ] && args+=(--allow-root)
  echo "makemore: notebooks at http://$ip:$port/tree?token=$token"
  exec "$PY" -m notebook "${args[@]}"
}

mm_notebooks() { exec "$PY" "$ROOT/tools/run_notebooks.py" "$@"; }
