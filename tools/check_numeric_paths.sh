#!/usr/bin/env bash
# The lib's numeric tests on every x86-64 numeric path this CPU can emulate (tools/numeric_path_env.sh), so
# that a suite run on an AMD machine also proves the Intel paths, and the other way round.
#
#   tools/check_numeric_paths.sh REPORT_DIR LOG_DIR
#
# Runs after `mvn test` (it reuses lib's compiled test classes, offline). Writes one JUnit report per test
# class and path, named ...-<path>.xml, into REPORT_DIR and Maven's output to LOG_DIR/numeric-path-<path>.log,
# and prints the path each run reported. Exits non-zero when a run produced no report (test failures are in
# the reports, not in the exit status).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPORT_DIR="${1:?usage: $0 REPORT_DIR LOG_DIR}"
LOG_DIR="${2:?usage: $0 REPORT_DIR LOG_DIR}"
cd "$ROOT"

# The tests whose numbers depend on the path: the lecture's numbers, the probe itself, and the layers,
# loops and sampling whose results are compared with independent references.
TESTS="LectureExactnessTest,NumericPathTest,NumericsTest,ConvNetTest,GradientCheckTest,BatchNormTest,FTest,TorchTest,MultinomialTest,NotebookTest,SweepTest,TorchGeneratorTest"

status=0
for path in $(tools/numeric_path_env.sh --list); do
  echo "== $path"
  log="$LOG_DIR/numeric-path-$path.log"
  rm -f lib/target/surefire-reports/TEST-*-"$path".xml
  tools/numeric_path_env.sh "$path" -- mvn -B -o -pl lib surefire:test -Dtest="$TESTS" \
      -Dsurefire.reportNameSuffix="$path" -Dmaven.test.failure.ignore=true >"$log" 2>&1 \
    || { echo "   maven failed (log: numeric-path-$path.log)"; status=1; }
  grep -m1 -h '^\[numeric path\] amd64' "$log" | sed 's/^/   /'
  found=0
  for f in lib/target/surefire-reports/TEST-*-"$path".xml; do
    [ -f "$f" ] || continue
    cp "$f" "$REPORT_DIR/"
    found=$((found + 1))
  done
  echo "   $found test classes reported"
  [ "$found" -gt 0 ] || status=1
done
exit $status
