#!/usr/bin/env python3
"""The kernel's class-data-sharing (CDS) archive: the classes a first cell loads, parsed and verified once.

A JVM that starts with -XX:SharedArchiveFile=BASE:TOP maps the JDK's own archive (BASE) and a dynamic
archive of the application's classes (TOP) instead of loading, parsing and verifying those classes again:
JShell's compiler, jjava, DJL, the makemore library. bin/makemore setup uses this module twice:

  jvm_flags(...)   while writing the kernelspec: the flags that name the archive, keyed by everything the
                   JVM checks (the Java build, its base archive, the class path and each jar's size and
                   time), so a changed build or Java gets a new archive rather than a stale one;
  kernel_cds.py build KERNEL_JSON --log FILE
                   after it: when the archive the kernelspec names is missing, a training run of the kernel
                   itself (-XX:ArchiveClassesAtExit) runs a notebook's first cells, then the archive is
                   checked with -Xshare:on and moved into place (never a half-written file: a truncated
                   archive can crash a JVM).

A JVM that cannot use the archive (a jar rebuilt since, another Java) falls back silently to the JDK's
own archive (-Xshare:auto; -Xlog:cds*=off keeps its warnings out of the kernel's output). With
MAKEMORE_KERNEL_CDS=0, or a Java without dynamic archives or without a base archive, no flags are added.
"""
import argparse
import glob
import hashlib
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
ARCHIVE_FLAG = "-XX:SharedArchiveFile="
QUIET_FLAG = "-Xlog:cds*=off"
FORMAT = 1  # bump when the training changes, to rebuild every archive
OFF_VALUES = ("0", "off", "no", "false")


def explicit_classpath(classpath):
    """The class path with each `dir/*` expanded to that folder's jars, sorted: CDS checks the class path
    the JVM saw at dump time against the one it sees now, so it must not depend on a directory's order."""
    entries = []
    for entry in classpath.split(os.pathsep):
        if entry.endswith("/*"):
            entries.extend(sorted(glob.glob(glob.escape(entry[:-2]) + "/*.jar")))
        elif entry:
            entries.append(entry)
    return os.pathsep.join(entries)


def java_facts(java, flags):
    """(specification version, VM version, base archive path or None) of `java` started with `flags`."""
    r = subprocess.run([java, *flags, "-Xshare:auto", "-Xlog:cds=info", "-XshowSettings:properties", "-version"],
                       capture_output=True, text=True, timeout=120)
    text = r.stdout + r.stderr
    spec = re.search(r"^\s*java\.specification\.version = (\S+)", text, re.M)
    vm = re.search(r"^\s*java\.vm\.version = (\S+)", text, re.M)
    base = re.search(r"Opened (?:shared )?archive(?: file)? (\S+\.jsa)\.?$", text, re.M)
    return (spec.group(1) if spec else "0", vm.group(1) if vm else "", base.group(1) if base else None)


def archive_dir(root):
    return pathlib.Path(root, "target", "cds")


def jvm_flags(root, java, classpath, flags):
    """The JVM flags that make the kernel use its archive, or [] where it cannot have one."""
    if os.environ.get("MAKEMORE_KERNEL_CDS", "1").lower() in OFF_VALUES:
        return []
    try:
        spec, vm, base = java_facts(java, flags)
    except (OSError, subprocess.SubprocessError):
        return []
    if base is None or int(spec.split(".")[0]) < 13:  # dynamic archives exist from JDK 13
        return []
    stamp = [FORMAT, os.path.realpath(java), vm, base, file_stamp(base), classpath, flags]
    for entry in classpath.split(os.pathsep):
        stamp.append([entry, file_stamp(entry)])
    key = hashlib.sha256(json.dumps(stamp).encode()).hexdigest()[:16]
    top = archive_dir(root) / f"kernel-{key}.jsa"
    return [f"{ARCHIVE_FLAG}{base}{os.pathsep}{top}", QUIET_FLAG]


def file_stamp(path):
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def named_archive(argv):
    """(base, top) from a kernel argv, or None when it names no archive."""
    for arg in argv:
        if arg.startswith(ARCHIVE_FLAG):
            parts = arg[len(ARCHIVE_FLAG):].split(os.pathsep)
            if len(parts) == 2:
                return parts[0], parts[1]
    return None


def training_cells():
    """What a notebook's first cells load: the import block, a first DJL result, a chart, an error."""
    sys.path.insert(0, str(ROOT / "tools"))
    import first_cell
    return [
        first_cell.first_cell_source(),
        first_cell.DJL_CELL,
        "NDArray x = m.arange(6f).reshape(2, 3);\nx",
        "var chart = new XYChartBuilder().width(200).height(150).build();\n"
        "chart.addSeries(\"s\", new double[]{0, 1, 2}, new double[]{1, 0, 2});\nchart",
        "int broken = missing + 1;",
    ]


def train(spec, tmp_archive, log, timeout):
    """Runs the kernel of `spec` with -XX:ArchiveClassesAtExit=`tmp_archive` through the training cells."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    argv = [a for a in spec["argv"] if not a.startswith(ARCHIVE_FLAG) and a != QUIET_FLAG]
    argv.insert(argv.index("-cp"), f"-XX:ArchiveClassesAtExit={tmp_archive}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp, "kernels", "cds-training")
        folder.mkdir(parents=True)
        (folder / "kernel.json").write_text(json.dumps(dict(spec, argv=argv)))
        km = KernelManager(kernel_name="cds-training",
                           kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(folder.parent)]))
        km.shutdown_wait_time = timeout  # the archive is written as the JVM exits: let it finish
        km.start_kernel(stdout=log, stderr=log)
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=timeout)
            for code in training_cells():
                reply = kc.execute_interactive(code, timeout=timeout, output_hook=lambda msg: None)
                log.write(f"[training cell] {code.splitlines()[0][:60]!r}: {reply['content']['status']}\n")
                log.flush()
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=False)
    exit_code = km.provisioner.process.returncode if km.provisioner and km.provisioner.process else None
    log.write(f"[training kernel exited: {exit_code}]\n")


def verify(spec, base, archive, log):
    """Whether a JVM with the kernel's class path and flags maps `archive` (-Xshare:on fails otherwise)."""
    argv = spec["argv"]
    main = argv.index("dev.jshellkernel.Main")
    flags = [a for a in argv[1:main] if not a.startswith(ARCHIVE_FLAG) and a != QUIET_FLAG]
    with tempfile.TemporaryDirectory() as cwd:  # where a JVM that crashes on a bad archive leaves hs_err_pid*.log
        r = subprocess.run([argv[0], *flags, "-Xshare:on", f"{ARCHIVE_FLAG}{base}{os.pathsep}{archive}",
                            "-Xlog:cds=info", "-version"], capture_output=True, text=True, timeout=120, cwd=cwd)
    log.write(r.stdout + r.stderr)
    return r.returncode == 0 and "dynamic" in (r.stdout + r.stderr)


def build(kernel_json, log_path, timeout):
    spec = json.loads(pathlib.Path(kernel_json).read_text())
    named = named_archive(spec["argv"])
    if named is None:
        return 0  # CDS is off, or this Java cannot have an archive
    base, top = named
    top = pathlib.Path(top)
    if top.exists():
        return 0
    failed = top.with_suffix(".failed")
    if failed.exists():
        return 0  # tried for this very build and Java, and said so then
    top.parent.mkdir(parents=True, exist_ok=True)
    for old in top.parent.glob("kernel-*"):  # archives of earlier builds (not this one's run elsewhere)
        if not old.name.startswith(top.stem + "."):
            old.unlink(missing_ok=True)
    pathlib.Path(log_path).parent.mkdir(parents=True, exist_ok=True)
    project = pathlib.Path(os.path.abspath(kernel_json)).parents[3]  # <project>/.jupyter/kernels/NAME/kernel.json
    shown = os.path.relpath(os.path.abspath(log_path), project)
    print(f"makemore: building the kernel's start-up archive (once per build; log: {shown})", file=sys.stderr)
    started = time.monotonic()
    tmp_archive = f"{top}.tmp-{os.getpid()}"
    with open(log_path, "w") as log:
        try:
            train(spec, tmp_archive, log, timeout)
            ok = os.path.exists(tmp_archive) and verify(spec, base, tmp_archive, log)
        except Exception as e:  # a kernel that dies or times out: no archive, and say so
            log.write(f"[training failed] {type(e).__name__}: {e}\n")
            ok = False
        if ok:
            os.replace(tmp_archive, top)  # atomic: a JVM never sees half an archive
            log.write(f"[archive {top}: {top.stat().st_size} bytes in {time.monotonic() - started:.1f} s]\n")
            return 0
    pathlib.Path(tmp_archive).unlink(missing_ok=True)
    failed.write_text("see the log of the training run\n")
    print(f"makemore: the kernel's start-up archive could not be built (log: {shown});"
          " the kernel works without it, only starts slower. Delete target/cds/ to try again.", file=sys.stderr)
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the archive a kernelspec names, if it is missing")
    b.add_argument("kernel_json")
    b.add_argument("--log", required=True)
    b.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    return build(args.kernel_json, args.log, args.timeout)


if __name__ == "__main__":
    sys.exit(main())
