#!/usr/bin/env python3
"""How long a fresh kernel takes to answer a notebook's first cells.

  first_cell.py [-n N] [--kernel NAME ...] [--wait-quiet SECONDS] [--max-others SECONDS]
                [--jvm-arg ARG ...] [--env KEY=VALUE ...] [--json FILE] [--log FILE]

Starts the kernel N times (default 5), each a new process, as a notebook does: start_kernel(), wait until
it answers kernel_info, run the import block of notebooks/02-mlp.ipynb's first cell (with its
hyperparameters), then a first DJL cell:

    NDManager m = Torch.newManager(); m.create(new float[]{1, 2, 3}).sum().getFloat()

and times each step from start_kernel(). Prints one line per start and the medians:

  ready    kernel_info answered (the JVM is up and the kernel listens)
  imports  the first cell's execute_reply
  djl      the DJL cell's execute_reply: its value 6.0 is on screen. This is the first-cell number.

Each line also gives the CPU seconds the kernel used up to its DJL result and those other processes used
meanwhile (from /proc; a run that others disturbed shows there: repeat it). On a shared machine,
--wait-quiet waits for an idle moment before each start and --max-others repeats the starts that others
disturbed anyway.

The kernel is found as a kernelspec on JUPYTER_PATH (the repository's .jupyter/ when unset, as
`bin/makemore setup` writes it). --jvm-arg adds a JVM option (before the main class) and --env an
environment variable to a temporary copy of the kernelspec, for experiments. Run it with the Python that
has jupyter_client (Debian's /usr/bin/python3 here); on a busy machine the medians mean little: check
`uptime` first.
"""
import argparse
import json
import os
import pathlib
import statistics
import sys
import tempfile
import time

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

ROOT = pathlib.Path(__file__).resolve().parent.parent
os.environ.setdefault("JUPYTER_PATH", str(ROOT / ".jupyter"))

DJL_CELL = "NDManager m = Torch.newManager(); m.create(new float[]{1, 2, 3}).sum().getFloat()"
STEPS = ("ready", "imports", "djl")


def first_cell_source():
    """The first code cell of 02-mlp: the notebooks' import block and hyperparameters."""
    nb = json.loads((ROOT / "notebooks" / "02-mlp.ipynb").read_text())
    code = [cell for cell in nb["cells"] if cell["cell_type"] == "code"]
    source = "".join(code[0]["source"])
    assert "import ai.djl.ndarray.*;" in source, "02-mlp's first cell no longer holds the import block"
    return source


def kernel_spec_dir(name, jvm_args, env, tmp):
    """None for the installed kernelspec, else a folder with a changed copy of it."""
    if not jvm_args and not env:
        return None
    spec = json.loads(pathlib.Path(KernelSpecManager().get_kernel_spec(name).resource_dir, "kernel.json").read_text())
    main = spec["argv"].index("dev.jshellkernel.Main")
    spec["argv"][main:main] = jvm_args
    spec.setdefault("env", {}).update(env)
    folder = pathlib.Path(tmp, "kernels", name)
    folder.mkdir(parents=True)
    (folder / "kernel.json").write_text(json.dumps(spec, indent=1))
    return folder.parent


def busy_seconds():
    """CPU seconds the whole machine has spent busy (all cores), from /proc/stat; None off Linux."""
    try:
        fields = [int(x) for x in pathlib.Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return None
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def process_cpu_seconds(pid):
    try:
        fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_until_quiet(limit, window=2.0, busy_cores=0.1):
    """Waits (at most `limit` seconds) until the machine has been nearly idle for `window` seconds."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before = busy_seconds()
        if before is None:
            return
        time.sleep(window)
        if busy_seconds() - before < busy_cores * window:
            return


def reply_to(kc, msg_id, deadline):
    while True:
        msg = kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg


def one_start(name, spec_dir, first_cell, log, timeout=180):
    km = KernelManager(kernel_name=name) if spec_dir is None else KernelManager(
        kernel_name=name, kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(spec_dir)]))
    times = {}
    busy0, self0 = busy_seconds(), time.process_time()
    t0 = time.monotonic()
    km.start_kernel(stdout=log, stderr=log)
    kc = km.client()
    kc.start_channels()
    deadline = t0 + timeout
    try:
        # One kernel_info request: ZeroMQ delivers it as soon as the kernel's shell socket is bound.
        reply_to(kc, kc.kernel_info(), deadline)
        times["ready"] = time.monotonic() - t0
        reply = reply_to(kc, kc.execute(first_cell), deadline)["content"]
        if reply["status"] != "ok":
            raise RuntimeError(f"the imports cell failed: {reply.get('ename')}: {reply.get('evalue')}")
        times["imports"] = time.monotonic() - t0
        msg_id = kc.execute(DJL_CELL)
        reply = reply_to(kc, msg_id, deadline)["content"]
        times["djl"] = time.monotonic() - t0
        kernel_cpu = process_cpu_seconds(km.provisioner.process.pid)
        busy1 = busy_seconds()
        if busy0 is not None and kernel_cpu is not None:
            times["kernel_cpu"] = kernel_cpu
            # CPU time that other processes took meanwhile: a disturbed run shows here.
            times["others_cpu"] = max(0.0, busy1 - busy0 - kernel_cpu - (time.process_time() - self0))
        if reply["status"] != "ok":
            raise RuntimeError(f"the DJL cell failed: {reply.get('ename')}: {reply.get('evalue')}")
        value = None
        while value is None:
            msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_result":
                value = msg["content"]["data"]["text/plain"]
        if value.strip() != "6.0":
            raise RuntimeError(f"the DJL cell showed {value!r}, not 6.0")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return times


def cpu_note(times):
    if "kernel_cpu" not in times:
        return ""
    return f"   (kernel CPU {times['kernel_cpu']:4.1f} s, other processes {times['others_cpu']:4.1f} s)"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=5, help="cold starts (default 5)")
    parser.add_argument("--kernel", action="append", help="kernelspec name (default java-makemore); given more "
                        "than once, the kernels take turns, N starts each, so a changing load hits them alike")
    parser.add_argument("--jvm-arg", action="append", default=[], help="an extra JVM option (repeatable)")
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE for the kernel (repeatable)")
    parser.add_argument("--max-others", type=float, metavar="SECONDS",
                        help="repeat a start during which other processes used more CPU than this (at most 2N "
                             "repeats); the medians are of the undisturbed starts")
    parser.add_argument("--wait-quiet", type=float, default=0, metavar="SECONDS",
                        help="before each start, wait up to this long for the machine to be idle for 2 s")
    parser.add_argument("--json", help="also write the times to this file")
    parser.add_argument("--log", help="the kernels' stdout/stderr go here (default: discarded)")
    args = parser.parse_args()
    kernels = args.kernel or ["java-makemore"]
    env = dict(item.split("=", 1) for item in args.env)
    first_cell = first_cell_source()
    runs = {name: [] for name in kernels}
    repeats = {name: 0 for name in kernels}
    label = (lambda name: f"{name}: ") if len(kernels) > 1 else (lambda name: "")
    with tempfile.TemporaryDirectory() as tmp, open(args.log or os.devnull, "a") as log:
        spec_dirs = {name: kernel_spec_dir(name, args.jvm_arg, env, pathlib.Path(tmp, name)) for name in kernels}
        while any(len(runs[name]) < args.n for name in kernels):
            for name in kernels:
                if len(runs[name]) >= args.n:
                    continue
                if args.wait_quiet:
                    wait_until_quiet(args.wait_quiet)
                times = one_start(name, spec_dirs[name], first_cell, log)
                disturbed = (args.max_others is not None and times.get("others_cpu", 0) > args.max_others
                             and repeats[name] < 2 * args.n)
                line = (f"{label(name)}start {len(runs[name]) + 1}: "
                        + "  ".join(f"{k} {times[k]:5.2f} s" for k in STEPS) + cpu_note(times))
                if disturbed:
                    repeats[name] += 1
                    print(line + "  disturbed: repeated", flush=True)
                    continue
                runs[name].append(times)
                print(line, flush=True)
    result = {}
    for name in kernels:
        medians = {k: statistics.median(t[k] for t in runs[name])
                   for k in STEPS + ("kernel_cpu", "others_cpu") if k in runs[name][0]}
        note = f" ({repeats[name]} disturbed starts repeated)" if repeats[name] else ""
        print(f"{label(name)}median of {len(runs[name])}: " + "  ".join(f"{k} {medians[k]:5.2f} s" for k in STEPS)
              + cpu_note(medians) + note)
        result[name] = {"runs": runs[name], "median": medians, "repeated": repeats[name]}
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
