#!/usr/bin/env python3
"""Sum JUnit XML reports (Surefire, pytest, our own) into one closing line: 'N passed, N failed', or
'N passed, N failed, N skipped' when anything was skipped (CI parses this line).

Each failure is listed above it as 'FAILED name: message' and each skip as 'SKIPPED name: reason'.
Usage: junit_summary.py REPORT.xml...   Exit status 1 if anything failed or no test ran.
"""
import sys
import xml.etree.ElementTree as ET


def cases(path):
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.iter("testsuite")
    for suite in suites:
        for case in suite.findall("testcase"):
            yield suite.get("name", ""), case


def main(paths):
    passed = failed = skipped = 0
    failures, skips = [], []
    for path in paths:
        try:
            found = list(cases(path))
        except (ET.ParseError, OSError) as e:
            failed += 1
            failures.append(f"{path}: unreadable report ({e})")
            continue
        for suite, case in found:
            name = f"{case.get('classname') or suite}.{case.get('name')}"
            bad = case.find("failure")
            if bad is None:
                bad = case.find("error")
            if bad is not None:
                failed += 1
                message = (bad.get("message") or bad.text or "").strip().splitlines()
                failures.append(f"{name}: {message[0][:300] if message else bad.tag}")
            elif (why := case.find("skipped")) is not None:
                skipped += 1
                reason = (why.get("message") or why.text or "").strip().splitlines()
                skips.append(f"{name}: {reason[0][:300] if reason else 'no reason given'}")
            else:
                passed += 1
    for line in skips:
        print(f"SKIPPED {line}")
    for line in failures:
        print(f"FAILED {line}")
    tail = f", {skipped} skipped" if skipped else ""
    print(f"{passed} passed, {failed} failed{tail}")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
