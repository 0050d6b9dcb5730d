"""The notebooks in a real browser, as a learner uses them (issue 6).

The checks run in this order and share one Chromium. Two servers are started with ``bin/makemore
notebook``: one at smoke settings (the notebook list, Run All, then a restart on the same page) and one
whose training runs long enough to be interrupted (the live plot and the stop button).
Screenshots and measurements go to ``target/browser-screenshots/`` (``index.txt`` says what each shows);
logs to ``target/browser-logs/``.
The contract with the notebooks is in this folder's README.md.
"""
import json
import math
import re
import socket
import time
from urllib.parse import urlsplit

from chromium import is_loopback
from notebook_page import NotebookPage, TreePage, wait_for
from server import fingerprint, is_alive

KERNEL_DISPLAY_NAME = "Java (makemore)"
PREFIXES = ["01-", "02-", "03-", "03b", "04-", "05-", "06-"]
LIVE_NOTEBOOK = "02-"        # the lecture's MLP: its main training cell is the one interrupted
LIVE_TAG = "long-training"
RUN_ALL_TIMEOUT_S = 240
ABOVE_TIMEOUT_S = 120
REDRAWS = 4                 # distinct images of the live plot to see while the cell runs
INTERRUPT_LIMIT_S = 5.0     # "stops within a few seconds"
PROMPT = re.compile(r"In \[(\d+)\]:")
STEP_0_LOSS = re.compile(r"^\s*0/\s*\d+:\s*(\d+\.\d+)", re.MULTILINE)   # the lectures' "      0/ 200000: 3.3167"
NUMBER = re.compile(r"\d+\.\d+")
STDERR_PROBLEM = re.compile(r"Exception|Error\b|\bWARN|\bSEVERE|\bERROR")
# Addresses reserved for documentation (RFC 5737, RFC 6761): they reach nobody even if the guard failed.
PROBES = ["http://192.0.2.1/probe", "https://probe.invalid/x.js"]


def notebook_files(root):
    return sorted((root / "notebooks").glob("*.ipynb"))


def open_notebook(browser, server, name):
    """The page of notebooks/<name> on this server: the one showing (with its outputs) or a fresh one."""
    driver = browser.driver
    here = urlsplit(driver.current_url)
    on_a_notebook = driver.execute_script("return !!(window.Jupyter && Jupyter.notebook)")
    if on_a_notebook and here.port == server.port and here.path == f"/notebooks/{name}":
        return NotebookPage(driver)
    if on_a_notebook:
        NotebookPage(driver).leave()
    return NotebookPage.open(driver, server.url(f"notebooks/{name}"))


def one_line(text):
    return " / ".join(line.strip() for line in text.strip().splitlines())


def prompt_number(cell):
    m = PROMPT.fullmatch(cell["prompt"])
    return int(m.group(1)) if m else None


def problems_in(cells):
    """Error outputs, and stderr text that reports an exception or a logged warning/error, as 'cell N: text'.
    (Other stderr text, such as a progress bar, is not an error.)"""
    found = []
    for c in cells:
        found += [f"cell {c['index']}: error: {e.strip()[:600]}" for e in c["errors"]]
        found += [f"cell {c['index']}: stderr: {e.strip()[:600]}" for e in c["stderr"] if STDERR_PROBLEM.search(e)]
    return found


def live_training_cell(root):
    """(notebook name, cell index) of the tagged training cell of the MLP notebook (README.md)."""
    paths = [p for p in notebook_files(root) if p.name.startswith(LIVE_NOTEBOOK)]
    assert paths, f"no notebook named {LIVE_NOTEBOOK}*.ipynb"
    cells = json.loads(paths[0].read_text())["cells"]
    tagged = [i for i, c in enumerate(cells)
              if c["cell_type"] == "code" and LIVE_TAG in c.get("metadata", {}).get("tags", [])]
    assert tagged, f"{paths[0].name} has no code cell tagged '{LIVE_TAG}' (see tests/browser/README.md)"
    return paths[0].name, tagged[0]


# ---- the guard against requests to the outside, checked first so that a silent log cannot pass ------------

def test_the_network_guard_records_and_blocks_a_request_to_the_outside(browser):
    assert not is_loopback("http://localhost.example.com/") and not is_loopback("https://cdn.jsdelivr.net/x.js")
    assert is_loopback("ws://127.0.0.1:8888/api/kernels/k/channels") and is_loopback("data:image/png;base64,AA")
    browser.driver.get("about:blank")
    browser.net.drain()
    outcome = browser.driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        Promise.allSettled(arguments[0].map(u => fetch(u))).then(rs => done(rs.map(r => r.status)));""", PROBES)
    assert outcome == ["rejected"] * len(PROBES), f"a request to the outside did not fail: {outcome}"
    outside = browser.net.outside_loopback()
    assert outside == PROBES, f"the request log recorded {outside}, not the probes"


# ---- 1. the notebook list and the kernel ---------------------------------------------------------------

def test_the_list_shows_the_notebooks_and_01_opens_with_the_java_kernel(browser, smoke_server, root):
    tree = TreePage(browser.driver, smoke_server).open()
    shown = sorted(tree.notebook_names())
    browser.shot("notebook-list", "the server's notebook list (/tree) with the lecture notebooks")
    on_disk = [p.name for p in notebook_files(root)]
    assert [n[:3] for n in shown] == PREFIXES, f"the list shows {shown}"
    assert shown == on_disk, f"the list shows {shown}, notebooks/ holds {on_disk}"

    page = NotebookPage.open(browser.driver, tree.link_to(shown[0]))
    assert page.kernel_name() == KERNEL_DISPLAY_NAME
    browser.shot("notebook-01-open", f"{shown[0]} opened from the list; the kernel indicator reads "
                                     f"'{KERNEL_DISPLAY_NAME}' and is idle")
    browser.assert_stayed_on_loopback()


# ---- 2. Run All at smoke settings ----------------------------------------------------------------------

def test_run_all_at_smoke_settings_ends_without_errors_and_shows_plots(browser, smoke_server, root):
    name = notebook_files(root)[0].name
    page = open_notebook(browser, smoke_server, name)
    page.menu("celllink", "run_all_cells")
    started = time.monotonic()

    page.wait_done(RUN_ALL_TIMEOUT_S, f"Run All of {name} to finish", interval=1)
    cells = page.code_cells()
    browser.note(f"Run All of {name} at smoke settings (MAKEMORE_MAX_STEPS={smoke_server.env['MAKEMORE_MAX_STEPS']}): "
                 f"{time.monotonic() - started:.1f} s")

    images = [(c["index"], img) for c in cells for img in c["images"]]
    if images:
        page.scroll_to(images[0][0], block="start")
        browser.shot("run-all-first-plot", f"{name} after Run All: the first inline plot (cell {images[0][0]})")
    page.scroll_to(cells[-1]["index"], block="end")
    browser.shot("run-all-end", f"{name} after Run All: the end of the notebook")

    assert not problems_in(cells), "\n".join(problems_in(cells))
    numbers = [prompt_number(c) for c in cells]
    assert None not in numbers and numbers == list(range(numbers[0], numbers[0] + len(numbers))), \
        f"not every code cell ran, in order, in this Run All: prompts {[c['prompt'] for c in cells]}"
    assert any(img["png"] and img["width"] > 0 and img["height"] > 0 for _, img in images), \
        "no inline PNG plot (an <img> with a decoded image) in the notebook's output"
    browser.assert_stayed_on_loopback()


# ---- 4. Restart kernel (on the page Run All left, outputs and all) -----------------------------------------

def test_restart_kernel_starts_a_fresh_kernel_that_runs_cells(browser, smoke_server, root):
    name = notebook_files(root)[0].name
    page = open_notebook(browser, smoke_server, name)
    kernel_id = page.kernel_id()
    old = smoke_server.kernel_pids(kernel_id)
    assert len(old) == 1, f"expected one process for kernel {kernel_id}, found {old}"

    page.menu("kernellink", "restart_kernel")
    browser.shot("restart-dialog", "Kernel > Restart asks for confirmation")
    page.confirm_dialog("Restart")
    new = wait_for(lambda: [p for p in smoke_server.kernel_pids(kernel_id) if p not in old], 60,
                   "a new kernel process after the restart")
    page.wait_idle(60)
    wait_for(lambda: not is_alive(old[0]), 15, f"the old kernel process {old[0]} to exit")

    first = page.code_cells()[0]["index"]
    cell = page.run_cell(first, 60)
    page.scroll_to(first, block="start")
    browser.shot("after-restart", "after the restart the first cell runs again and is numbered In [1]")
    assert not problems_in([cell]), problems_in([cell])
    assert prompt_number(cell) == 1, f"the fresh kernel numbered the first cell {cell['prompt']!r}"
    browser.note(f"restart: kernel process {old[0]} replaced by {new[0]}")
    browser.assert_stayed_on_loopback()


# ---- 3. the live plot and the interrupt button ---------------------------------------------------------

def test_the_live_plot_redraws_and_the_interrupt_button_stops_training(browser, long_server, root):
    name, index = live_training_cell(root)
    page = open_notebook(browser, long_server, name)
    assert LIVE_TAG in page.cell(index)["tags"]
    later = [c["index"] for c in page.code_cells() if c["index"] > index]
    assert later, f"{name}: no code cell after the '{LIVE_TAG}' cell to run after the interrupt"

    page.select(index)
    if any(c["index"] < index for c in page.code_cells()):
        started = time.monotonic()
        page.menu("celllink", "run_all_cells_above")
        cells = page.wait_done(ABOVE_TIMEOUT_S, f"the cells above cell {index} to run", range(index))[:index]
        steps = long_server.env["MAKEMORE_MAX_STEPS"]
        browser.note(f"Run All Above cell {index} of {name} (MAKEMORE_MAX_STEPS={steps}): "
                     f"{time.monotonic() - started:.1f} s")
        assert not problems_in(cells), problems_in(cells)
        page.select(index)

    page.toolbar("run-cell-and-select-next")
    frames = []          # distinct plot images, in the order they appeared
    count = None

    def next_frame():
        cell = page.cell(index)
        assert cell["running"], (f"the training cell stopped by itself after {len(frames)} plot images; "
                                 f"it must run longer (see README.md): {problems_in([cell])}")
        pngs = [img for img in cell["images"] if img["png"] and img["width"] > 0]
        nonlocal count
        if pngs:
            assert count is None or len(pngs) == count, \
                f"the live plot added images ({count} -> {len(pngs)}) instead of redrawing in place"
            count = len(pngs)
            new = [img["hash"] for img in pngs if img["hash"] not in frames]
            frames.extend(new)
            return bool(new)
        return False

    started = time.monotonic()
    wait_for(lambda: next_frame() and len(frames) >= 2, 120, "the training cell's plot to be drawn twice",
             interval=0.2)
    page.scroll_to(index, block="start")
    browser.shot("live-plot-early", f"{name}, cell {index} ('{LIVE_TAG}') running: the live loss plot, "
                                    f"image {len(frames)}")
    wait_for(lambda: next_frame() and len(frames) >= REDRAWS, 60,
             f"{REDRAWS} different images of the live plot", interval=0.2)
    browser.shot("live-plot-later", f"the same cell {time.monotonic() - started:.1f} s after it started: "
                                    f"the plot has been redrawn in place (image {len(frames)})")

    clicked = time.monotonic()
    page.toolbar("interrupt-kernel")
    page.wait_done(30, "the training cell to stop after the interrupt", [index], interval=0.1)
    stop_s = time.monotonic() - clicked
    browser.note(f"live plot: {len(frames)} different images in {clicked - started:.1f} s of training")
    browser.note(f"interrupt: the training cell stopped {stop_s:.2f} s after the click (limit {INTERRUPT_LIMIT_S} s)")
    page.scroll_to(index, block="start")
    browser.shot("interrupted", f"after the interrupt button: the training cell stopped in {stop_s:.1f} s, "
                                f"its last plot is still shown")
    assert stop_s <= INTERRUPT_LIMIT_S, f"the cell took {stop_s:.1f} s to stop"
    stopped = page.cell(index)
    assert any("Interrupted" in e for e in stopped["errors"]), \
        f"the stopped cell should say it was interrupted; it shows {stopped['errors']} {stopped['text'][-300:]}"
    assert stopped["images"], "the live plot disappeared when the cell was interrupted"

    after = page.run_cell(later[0], 120)
    page.scroll_to(later[0], block="center")
    browser.shot("after-interrupt-next-cell", f"the next cell (cell {later[0]}) runs and uses the partly "
                                              f"trained model: {one_line(after['text'])[:120]}")
    assert not problems_in([after]), problems_in([after])
    untrained = STEP_0_LOSS.search(stopped["text"])
    trained = NUMBER.search(after["text"])
    assert untrained, f"the training cell should print its step-0 loss (README.md); it shows {stopped['text'][:300]!r}"
    assert trained, f"cell {later[0]} should print the model's loss (README.md); it shows {after['text']!r}"
    before, now = float(untrained.group(1)), float(trained.group(0))
    browser.note(f"after the interrupt: loss {now} (at step 0: {before})")
    assert math.isfinite(now) and now < before, \
        f"the next cell should see a partly trained model, but its loss {now} is not below the step-0 loss {before}"
    browser.assert_stayed_on_loopback()


# ---- 3b. a re-run draws over the earlier run --------------------------------------------------------------

EARLIER_RUNS = re.compile(r"the chart draws this run over (\d+) earlier runs? of (\S+)")


def test_a_rerun_draws_its_curve_over_the_earlier_run_kept_in_the_history(browser, long_server, root):
    """After the interrupt above, the next cell evaluated the model and kept the run; running the training cell
    again (it resumes) draws the new curve over that earlier one, named by what it changed."""
    name, index = live_training_cell(root)
    page = open_notebook(browser, long_server, name)
    kept = sorted((root / "target" / "browser-results" / "long" / "runs").glob("*.json"))
    assert kept, "the evaluation cell after the interrupted training kept no run in the history"
    cell = page.run_cell(index, 180)
    page.scroll_to(index, block="start")
    browser.shot("rerun-over-earlier-run", f"{name}, cell {index} run again: its live curve drawn over the earlier, "
                                           f"interrupted run (faint), the legend naming each")
    assert not problems_in([cell]), problems_in([cell])
    m = EARLIER_RUNS.search(cell["text"])
    assert m and int(m.group(1)) >= 1, f"the cell should say which earlier runs its chart draws: {cell['text'][:400]!r}"
    assert any(img["png"] and img["width"] > 0 for img in cell["images"]), "no chart in the re-run cell"
    browser.note(f"re-run: {m.group(0)}")
    browser.assert_stayed_on_loopback()


# ---- 3c. runs side by side draw one live chart with a curve each ------------------------------------------

SWEEP_LINE = re.compile(r"training (\d+) runs side by side, (\d+) at a time")


def test_runs_side_by_side_draw_every_curve_on_one_live_chart(browser, smoke_server, root):
    """04's three runs train side by side (Sweep): Run All, then the training cell shows one chart and each run's
    progress."""
    name = next(p.name for p in notebook_files(root) if p.name.startswith("04-"))
    page = open_notebook(browser, smoke_server, name)
    page.menu("celllink", "run_all_cells")
    cells = page.wait_done(RUN_ALL_TIMEOUT_S, f"Run All of {name} to finish", interval=1)
    sweep = [c for c in cells if SWEEP_LINE.search(c["text"])]
    assert sweep, f"no cell of {name} says it trains runs side by side"
    cell = sweep[0]
    page.scroll_to(cell["index"], block="start")
    browser.shot("runs-side-by-side", f"{name}, cell {cell['index']}: three runs trained side by side, every curve on "
                                      f"one live chart")
    assert not problems_in(cells), "\n".join(problems_in(cells))
    m = SWEEP_LINE.search(cell["text"])
    assert int(m.group(1)) == 3, cell["text"][:300]
    pngs = [img for img in cell["images"] if img["png"] and img["width"] > 0]
    assert len(pngs) == 1, f"one chart for all runs, found {len(pngs)} images"
    for run in ("context 3 -> 8, flat", "flat -> hierarchical", "fix bug in batchnorm"):
        assert run in cell["text"], f"no progress line of '{run}': {cell['text'][:500]}"
    browser.note(f"side by side: {m.group(0)}")
    browser.assert_stayed_on_loopback()


# ---- 5. nothing left the machine, nothing was written, everything was shut down -------------------------

def test_every_request_of_the_session_stayed_on_loopback(browser):
    browser.net.drain()
    urls = browser.net.urls
    assert any(u.startswith("http://127.0.0.1:") and "/tree" in u for u in urls), "the request log missed the list"
    assert any(u.startswith("ws://127.0.0.1:") and "/channels" in u for u in urls), "the log missed the kernel socket"
    outside = [u for u in dict.fromkeys(urls) if not is_loopback(u) and u not in PROBES]
    browser.note(f"requests: {len(urls)} recorded, {len(outside)} outside 127.0.0.1 (besides the guard's probes)")
    assert not outside, "requests outside 127.0.0.1:\n  " + "\n  ".join(outside)


def test_the_notebooks_on_disk_are_unchanged(root, notebooks_before):
    assert notebooks_before, "notebooks/ is empty"
    assert fingerprint(root / "notebooks") == notebooks_before, "the browser session changed files under notebooks/"


def test_the_servers_shut_down_by_pid_and_their_kernels_exit(started_servers):
    assert started_servers, "no notebook server was started"
    for server in started_servers:
        pid = server.proc.pid
        code = server.stop()
        assert code is not None and server.proc.poll() is not None, f"server {pid} is still running"
        assert not server.needed_sigkill, f"server {pid} ignored SIGTERM and had to be killed"
        assert not server.leftover_kernels, f"kernels outlived server {pid}: {server.leftover_kernels}"
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", server.port)) != 0, f"port {server.port} still accepts connections"
