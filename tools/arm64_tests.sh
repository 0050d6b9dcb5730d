#!/usr/bin/env bash
# lib's numeric tests on ARM64 (linux-aarch64) under qemu user-mode emulation, and a comparison of the ARM64
# numeric path with this machine's (tools/NumericsProbe.java). Called by bin/run-tests after setup.
#
# Usage: tools/arm64_tests.sh REPORTS_DIR
# Writes JUnit XML into REPORTS_DIR: Surefire's TEST-*-arm64.xml, TEST-arm64-setup.xml, TEST-arm64-probe.xml,
# or TEST-arm64.xml with one skipped case off Linux x86-64/Debian. Exit status: 0 ran (the reports say what
# passed), 1 something failed, 3 skipped; the last line of output says why.
#
# What it needs, fetched once into .cache/arm64/ (nothing else on the machine changes but qemu):
#   - qemu-user-static (Debian package; installed with apt as root or through sudo)
#   - an arm64 JRE with the arm64 libc, libstdc++, libgcc and zlib it needs: the Debian .debs, downloaded with
#     a private apt state for arm64 (no `dpkg --add-architecture`) and unpacked with dpkg-deb -x into a sysroot
#     that qemu's -L uses. The host's own JDK is never touched.
#   - libtorch's linux-aarch64 native jar from Maven Central (into ~/.m2, like every other dependency).
# QEMU_CPU=neoverse-n1: qemu's default CPU emulates SVE (16x slower matrix products) and cortex-a72 lacks the
# ARMv8.1 atomics that libdjl_torch.so uses (SIGILL).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/bin/common.sh"
REPORTS="${1:?usage: tools/arm64_tests.sh REPORTS_DIR}"
JAVA="${MAKEMORE_JAVA:-$(mm_java_bin)}"
PY="${MAKEMORE_PY:-/usr/bin/python3}"
CACHE="$ROOT/.cache/arm64"          # sysroot, apt state, DJL's arm64 libtorch cache: kept between runs
BUILD="$ROOT/target/arm64"          # lib compiled for the arm64 classpath, reports, probe outputs
mkdir -p "$REPORTS" "$CACHE" "$BUILD"

# The lib tests that run under emulation: the numeric unit tests, a 1,000-step training run on a small fixture,
# and the lecture numbers that hold on every path so far (part 1's samples, part 5's first loss). The whole lib
# suite takes over an hour emulated (part 3's 1,001-step deep net alone about 5 minutes, so it is left out; it
# passes there within the bounds NumericPath sets off the reference path, see README "ARM64"). NumericPathTest
# names the ARM64 path in the log. The probe below adds 20 steps of that net, compared with this machine's losses.
TESTS="${MAKEMORE_ARM64_TESTS:-NumericPathTest,TorchTest,FTest,GradientCheckTest,BatchNormTest,MultinomialTest,ModelsTest,TrainerTest#lossDecreasesOnASmallFixture,LectureExactnessTest#part1*+part5*}"

say() { echo "arm64: $*"; }

# One skipped JUnit case with the reason, then exit 3.
skip() {
  "$PY" "$ROOT/tools/junit_cmd.py" "$REPORTS/TEST-arm64.xml" arm64 lib_numeric_tests_under_qemu --skip "$1"
  say "skipped: $1"
  echo "$1"
  exit 3
}

# One failed JUnit case for a setup step, then exit 1.
setup_failed() {
  "$PY" "$ROOT/tools/junit_cmd.py" "$REPORTS/TEST-arm64-setup.xml" arm64 setup -- sh -c 'echo "$1"; exit 1' sh "$1" >/dev/null
  say "FAILED: $1"
  echo "$1"
  exit 1
}

# ---- where this stage applies -----------------------------------------------------------------------

case "$(uname -s)/$(uname -m)" in
  Linux/x86_64) ;;
  Linux/aarch64|Linux/arm64|Darwin/arm64)
    skip "this machine is ARM64 itself: the unit-test stage ran the lib tests natively on it" ;;
  *) skip "emulating ARM64 needs Linux x86-64 with qemu user-mode; this is $(uname -s) $(uname -m)" ;;
esac
command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null \
  || skip "needs Debian's apt to fetch qemu-user-static and an arm64 JRE; this Linux has no apt-get/dpkg-deb"

# ---- qemu ---------------------------------------------------------------------------------------------

qemu_bin() { command -v qemu-aarch64-static || command -v qemu-aarch64; }
if ! QEMU="$(qemu_bin)"; then
  # mm_apt_install exits on an apt failure; without root or sudo it returns 1.
  ( mm_apt_install qemu-user-static ) || setup_failed "qemu-user-static is not installed and cannot be installed here (needs root or sudo): sudo apt-get install qemu-user-static"
  QEMU="$(qemu_bin)" || setup_failed "qemu-user-static was installed but no qemu-aarch64 binary is on PATH"
fi
export QEMU_CPU=neoverse-n1

# ---- the arm64 JRE sysroot --------------------------------------------------------------------------

SYSROOT="$CACHE/sysroot"
APTDIR="$CACHE/apt"
APT_OPTS=(-o APT::Architecture=arm64 -o APT::Architectures::=arm64
          -o Dir::State::Lists="$APTDIR/lists" -o Dir::State::status="$APTDIR/status"
          -o Dir::State::extended_states="$APTDIR/extended_states" -o Dir::Cache="$APTDIR/cache"
          -o APT::Sandbox::User=root -o Debug::NoLocking=1 -q)

arm_java_home() { find "$SYSROOT/usr/lib/jvm" -maxdepth 1 -type d -name 'java-*-openjdk-arm64' 2>/dev/null | sort | head -1; }
arm_java_works() {
  local home; home="$(arm_java_home)"
  [ -n "$home" ] && "$QEMU" -L "$SYSROOT" "$home/bin/java" -version >/dev/null 2>&1
}

build_sysroot() {
  rm -rf "$SYSROOT" "$APTDIR" "$CACHE/debs"
  mkdir -p "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial" "$CACHE/debs" "$SYSROOT"
  : >"$APTDIR/status"
  say "fetching the arm64 package lists (private apt state in .cache/arm64/apt)"
  apt-get "${APT_OPTS[@]}" update || return 1
  local jre="" p
  for p in openjdk-17-jre-headless openjdk-21-jre-headless openjdk-25-jre-headless; do
    if apt-cache "${APT_OPTS[@]}" show "$p" >/dev/null 2>&1; then jre="$p"; break; fi
  done
  [ -n "$jre" ] || { echo "no openjdk-17/21/25-jre-headless for arm64 in the apt sources"; return 1; }
  # The JRE and what libjvm, libdjl_torch and libtorch link against; the JRE's AWT/sound/smart-card
  # libraries (freetype, alsa, pcsc) are never loaded headless and stay out.
  say "downloading $jre libc6 libgcc-s1 libstdc++6 zlib1g (arm64)"
  (cd "$CACHE/debs" && apt-get "${APT_OPTS[@]}" download "$jre" libc6 libgcc-s1 libstdc++6 zlib1g) || return 1
  local deb
  for deb in "$CACHE/debs"/*.deb; do dpkg-deb -x "$deb" "$SYSROOT" || return 1; done
  # Absolute links (jvm.cfg -> /etc/java-17-openjdk/...) would point outside the sysroot: make them relative.
  local link target
  while IFS= read -r link; do
    target="$(readlink "$link")"
    ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" "$SYSROOT$target")" "$link"
  done < <(find "$SYSROOT" -type l -lname '/*')
  ls "$CACHE/debs" >"$SYSROOT/.packages"
  rm -rf "$CACHE/debs"
}

if ! arm_java_works; then
  build_sysroot >"$BUILD/sysroot.log" 2>&1 || { tail -5 "$BUILD/sysroot.log"; setup_failed "could not build the arm64 JRE sysroot (log: target/arm64/sysroot.log)"; }
  arm_java_works || setup_failed "the arm64 java in .cache/arm64/sysroot does not start under $QEMU"
fi
ARM_JAVA_HOME="$(arm_java_home)"
say "$("$QEMU" -L "$SYSROOT" "$ARM_JAVA_HOME/bin/java" -version 2>&1 | head -1) under $("$QEMU" --version | head -1), QEMU_CPU=$QEMU_CPU"
say "sysroot packages: $(tr '\n' ' ' <"$SYSROOT/.packages")"

# Surefire's `jvm`: a java that execs the arm64 one through qemu, with its own DJL cache (libtorch unpacks
# per platform under DJL_CACHE_DIR; a separate one keeps the x86-64 cache untouched).
WRAP="$BUILD/jvm"
mkdir -p "$WRAP/bin" "$CACHE/djl"
cp "$ARM_JAVA_HOME/release" "$WRAP/release"   # Surefire reads the Java version from here
# The x86-64 numeric-path emulation (tools/numeric_path_env.sh) does not apply to the ARM64 JVM: drop it.
cat >"$WRAP/bin/java" <<EOF
#!/bin/sh
unset LD_PRELOAD ATEN_CPU_CAPABILITY MKL_ENABLE_INSTRUCTIONS MAKEMORE_EMULATED_PATH
export QEMU_CPU=neoverse-n1 DJL_OFFLINE=true OPT_OUT_TRACKING=true
export DJL_CACHE_DIR="$CACHE/djl" ENGINE_CACHE_DIR="$CACHE/djl"
exec "$QEMU" -L "$SYSROOT" "$ARM_JAVA_HOME/bin/java" "\$@"
EOF
chmod +x "$WRAP/bin/java"

# ---- lib's tests on arm64 -----------------------------------------------------------------------------

# A separate build directory and libtorch's linux-aarch64 jar; Maven fetches that jar from Central the first
# time. The test JVM is the wrapper; Surefire adds "(arm64)" to every class name in its reports.
LIBBUILD="$BUILD/lib"
rm -rf "$LIBBUILD/surefire-reports"
say "lib tests on arm64: $TESTS"
if ! (JAVA_HOME="$(dirname "$(dirname "$JAVA")")" mvn -B -pl lib test dependency:build-classpath \
        -Dmakemore.native.classifier=linux-aarch64 -Dmm.build.dir="$LIBBUILD" \
        -Djvm="$WRAP/bin/java" -Dtest="$TESTS" -Dsurefire.failIfNoSpecifiedTests=false \
        -Dsurefire.reportNameSuffix=arm64 -Dsurefire.timeout=900 -Dmaven.test.failure.ignore=true \
        -Dmdep.outputFile="$LIBBUILD/runtime-classpath.txt" -Dmdep.includeScope=runtime) >"$BUILD/maven.log" 2>&1; then
  grep -E '^\[ERROR\]' "$BUILD/maven.log" | head -20
  setup_failed "the arm64 Maven run failed before its tests reported (log: target/arm64/maven.log)"
fi
grep -E 'Tests run:|FAIL' "$BUILD/maven.log" | sed 's/^\[[A-Z]*\] //'
n=0
for f in "$LIBBUILD"/surefire-reports/TEST-*.xml; do
  [ -f "$f" ] && cp "$f" "$REPORTS/" && n=$((n + 1))
done
[ "$n" -gt 0 ] || setup_failed "the arm64 Maven run wrote no test reports (log: target/arm64/maven.log)"

# ---- the numeric paths side by side -------------------------------------------------------------------

# The same probe on this machine (lib as setup built it) and on arm64; the comparison is printed for the
# record, and the case fails where the two differ by more than NumericsProbe's bounds (see its comment).
"$PY" "$ROOT/tools/junit_cmd.py" "$REPORTS/TEST-arm64-probe.xml" arm64 numeric_path_x86_64_vs_arm64 \
  -- "$ROOT/tools/arm64_probe.sh" "$WRAP/bin/java" "$LIBBUILD" >/dev/null
rc=$?
# junit_cmd.py echoes output only on failure; the report keeps it either way
"$PY" - "$REPORTS/TEST-arm64-probe.xml" <<'PYEOF'
import sys, xml.etree.ElementTree as ET
out = ET.parse(sys.argv[1]).getroot().find("testcase/system-out")
print(out.text if out is not None and out.text else "")
PYEOF
[ $rc -eq 0 ] || { say "FAILED: the numeric probe"; exit 1; }
say "done"
