#!/usr/bin/env python3
"""Run one shell command as one test case and write a JUnit XML report for it.

Usage: junit_cmd.py REPORT.xml SUITE CASE -- command [args...]
       junit_cmd.py REPORT.xml SUITE CASE --skip REASON
The case passes when the command exits 0. Its output is kept in the report and echoed on failure.
With --skip nothing runs: the report holds the case as skipped, with the reason (a stage that cannot run here).
"""
import subprocess
import sys
import time
import xml.etree.ElementTree as ET


def skipped(report, suite, case, reason):
    ts = ET.Element("testsuite", name=suite, tests="1", failures="0", errors="0", skipped="1", time="0")
    tc = ET.SubElement(ts, "testcase", classname=suite, name=case, time="0")
    ET.SubElement(tc, "skipped", message=reason)
    ET.ElementTree(ts).write(report, encoding="utf-8", xml_declaration=True)
    return 0


def main(argv):
    if len(argv) == 5 and argv[3] == "--skip":
        return skipped(*argv[:3], argv[4])
    sep = argv.index("--")
    report, suite, case = argv[:sep]
    command = argv[sep + 1:]
    start = time.monotonic()
    proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    elapsed = time.monotonic() - start
    ts = ET.Element("testsuite", name=suite, tests="1", failures="0" if proc.returncode == 0 else "1",
                    errors="0", skipped="0", time=f"{elapsed:.3f}")
    tc = ET.SubElement(ts, "testcase", classname=suite, name=case, time=f"{elapsed:.3f}")
    if proc.returncode != 0:
        last = proc.stdout.strip().splitlines()[-1:] or [""]
        f = ET.SubElement(tc, "failure", message=f"exit {proc.returncode}: {last[0][:300]}")
        f.text = proc.stdout[-20000:]
        sys.stdout.write(proc.stdout[-4000:])
    ET.SubElement(tc, "system-out").text = proc.stdout[-20000:]
    ET.ElementTree(ts).write(report, encoding="utf-8", xml_declaration=True)
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
