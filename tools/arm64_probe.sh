#!/usr/bin/env bash
# tools/NumericsProbe.java on this machine and on arm64, then the comparison with its bounds (--check).
# Called by tools/arm64_tests.sh.
# Usage: tools/arm64_probe.sh ARM64_JAVA ARM64_LIB_BUILD_DIR
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/bin/common.sh"
ARM_JAVA="$1" LIBBUILD="$2"
JAVA="${MAKEMORE_JAVA:-$(mm_java_bin)}"
PROBE="$ROOT/target/arm64/probe"
rm -rf "$PROBE" && mkdir -p "$PROBE"
"$(dirname "$JAVA")/javac" -nowarn -d "$PROBE" -cp "$LIB_CP" "$ROOT/tools/NumericsProbe.java"
"$JAVA" "${JVM_FLAGS[@]}" -cp "$PROBE:$LIB_CP" NumericsProbe run "$PROBE/host.txt"
"$ARM_JAVA" "${JVM_FLAGS[@]}" -cp "$PROBE:$LIBBUILD/classes:$(cat "$LIBBUILD/runtime-classpath.txt")" \
  NumericsProbe run "$PROBE/arm64.txt"
echo "first column: this machine ($(uname -m)); second: arm64 under qemu"
"$JAVA" -cp "$PROBE:$LIB_CP" NumericsProbe compare "$PROBE/host.txt" "$PROBE/arm64.txt" --check
