#!/usr/bin/env python3
"""Run the notebooks headless through the project's Java kernel.

  run_notebooks.py [--full] [--numerics exact|fast] [--junit REPORT.xml] [NAME ...]

Smoke mode (default) caps training with MAKEMORE_MAX_STEPS so that all of them run in a few minutes, and
checks each notebook: no error output, at least one inline image, and the numbers it reports are finite
and under loose bounds. --full runs at the lecture's settings, writes executed copies to
target/notebooks/ (target/notebooks-fast/ with --numerics fast) and prints each notebook's numbers beside
the lecture's. --numerics sets MAKEMORE_NUMERICS, which overrides the choice in each notebook's hyperparameter
cell (lib's Notebook.numerics).

Each notebook's last cell writes its numbers as JSON to $MAKEMORE_RESULTS_DIR/<notebook>.json:
  {"rows": [{"metric": "val loss", "ours": 1.99, "lecture": 1.9937}, ...]}
"""
import argparse
import json
import math
import os
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
KERNEL = "java-makemore"
SMOKE_STEPS = "2000"
# notebooks whose steps cost more: their own cap at smoke settings (06's transformer and its seven model types)
SMOKE_STEPS_OF = {"06-transformer": "200"}
SMOKE_MAX_LOSS = 3.6  # a uniform guess over 27 characters scores ln 27 = 3.2958


def run(path, full, results_dir, numerics=None):
    nb = nbformat.read(path, as_version=4)
    env_before = dict(os.environ)
    os.environ["MAKEMORE_RESULTS_DIR"] = str(results_dir)
    # the runs these notebooks train are kept beside their results, not in the learner's own runs/
    os.environ.setdefault("MAKEMORE_RUNS", str(Path(results_dir).parent / "runs"))
    if numerics:
        os.environ["MAKEMORE_NUMERICS"] = numerics
    if full:
        os.environ.pop("MAKEMORE_MAX_STEPS", None)
    else:
        os.environ.setdefault("MAKEMORE_MAX_STEPS", SMOKE_STEPS_OF.get(Path(path).stem, SMOKE_STEPS))
    client = NotebookClient(nb, kernel_name=KERNEL, timeout=None if full else 600,
                            startup_timeout=120, resources={"metadata": {"path": str(path.parent)}})
    problems = []
    start = time.monotonic()
    try:
        client.execute()
    except CellExecutionError as e:
        problems.append(f"cell failed: {str(e).strip().splitlines()[-1][:400] if str(e).strip() else e}")
    except Exception as e:  # kernel died, timeout, ...
        problems.append(f"{type(e).__name__}: {e}")
    finally:
        os.environ.clear()
        os.environ.update(env_before)
    elapsed = time.monotonic() - start
    images = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                problems.append(f"error output: {out.get('ename')}: {out.get('evalue', '')[:300]}")
            if "image/png" in out.get("data", {}):
                images += 1
    if images == 0:
        problems.append("no inline image/png output")
    return nb, elapsed, images, problems


def check_results(name, results_dir, full):
    path = results_dir / f"{name}.json"
    if not path.exists():
        return [], [f"the notebook wrote no results to {path.name}"]
    rows = json.loads(path.read_text())["rows"]
    problems = []
    for row in rows:
        ours = row.get("ours")
        if ours is None or not math.isfinite(ours):
            problems.append(f"{row['metric']}: not a finite number ({ours})")
        elif not full and "loss" in row["metric"] and ours > SMOKE_MAX_LOSS:
            problems.append(f"{row['metric']} = {ours:.4f} is above the smoke bound {SMOKE_MAX_LOSS}")
    if not rows:
        problems.append("empty results")
    return rows, problems


def number(x):
    """A count as a whole number, a tiny number (a gradient difference) to 4 significant digits, anything else
    to 4 decimals (the lectures' printed precision); blank if none."""
    if x is None:
        return ""
    if float(x).is_integer() and abs(x) >= 1:
        return f"{int(x):,}"
    if x != 0 and abs(x) < 1e-3:
        return f"{x:.3e}"
    return f"{x:.4f}"


def reported_numerics(results_dir, name):
    """The numerics (exact or fast) a notebook reported training with, or None."""
    try:
        return json.loads((results_dir / f"{name}.json").read_text()).get("numerics")
    except (OSError, ValueError):
        return None


def numeric_path(results_dir, name):
    """The numeric path a notebook reported running on (lib's NumericPath), or None."""
    try:
        return json.loads((results_dir / f"{name}.json").read_text()).get("numeric_path")
    except (OSError, ValueError):
        return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--full", action="store_true", help="lecture settings; save executed copies")
    ap.add_argument("--numerics", choices=["exact", "fast"],
                    help="train with these numerics whatever the notebooks choose (default: their choice, EXACT)")
    ap.add_argument("--junit", help="write a JUnit XML report here")
    ap.add_argument("names", nargs="*", help="notebook names or prefixes (default: all)")
    args = ap.parse_args()

    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    if args.names:
        notebooks = [p for p in notebooks if any(p.stem.startswith(n) for n in args.names)]
        if not notebooks:
            sys.exit(f"run_notebooks: no notebook matches {' '.join(args.names)}")
    out_dir = ROOT / "target" / (("notebooks" if args.full else "notebooks-smoke")
                                 + ("-fast" if args.numerics == "fast" else ""))
    results_dir = out_dir / "results"
    results_dir.mkdir(parents=True, exist_ok=True)

    suite_name = "notebooks" + (f"-{args.numerics}" if args.numerics else "")
    suite = ET.Element("testsuite", name=suite_name)
    failed = 0
    summary = []
    for path in notebooks:
        mode = ("full" if args.full else "smoke") + (f", {args.numerics}" if args.numerics else "")
        print(f"== {path.name} ({mode})", flush=True)
        (results_dir / f"{path.stem}.json").unlink(missing_ok=True)
        nb, elapsed, images, problems = run(path, args.full, results_dir, args.numerics)
        rows, more = check_results(path.stem, results_dir, args.full)
        problems += more
        got = reported_numerics(results_dir, path.stem)
        # a notebook with its own training loop (01, 03b) chooses no numerics and reports none
        if args.numerics and got is not None and got != args.numerics:
            problems.append(f"asked for numerics {args.numerics}, the notebook reported {got}")
        nbformat.write(nb, out_dir / path.name)
        summary.append((path.stem, elapsed, rows, numeric_path(results_dir, path.stem)))
        print(f"   {elapsed:7.1f} s, {images} images" + ("" if not problems else ", PROBLEMS:"), flush=True)
        for p in problems:
            print(f"   - {p}", flush=True)
        case = ET.SubElement(suite, "testcase", classname=suite_name, name=path.stem, time=f"{elapsed:.1f}")
        if problems:
            failed += 1
            ET.SubElement(case, "failure", message=problems[0][:300]).text = "\n".join(problems)

    print()
    paths = sorted({path for _, _, _, path in summary if path})
    for path in paths:
        print(f"numeric path: {path}")
    modes = sorted({m for m in (reported_numerics(results_dir, name) for name, _, _, _ in summary) if m})
    if modes:
        print(f"numerics: {', '.join(modes)}")
    name_w = max([len("notebook")] + [len(name) for name, _, _, _ in summary])
    metric_w = max([len("metric")] + [len(row["metric"]) for _, _, rows, _ in summary for row in rows or []])
    print(f"{'notebook':<{name_w}}  {'metric':<{metric_w}}  {'this run':>12}  {'lecture':>12}  {'agrees to':<11}  {'wall s':>7}")
    for name, elapsed, rows, _ in summary:
        for i, row in enumerate(rows or [{"metric": "-", "ours": None, "lecture": None}]):
            wall = f"{elapsed:.0f}" if i == 0 else ""
            print(f"{name if i == 0 else '':<{name_w}}  {row['metric']:<{metric_w}}  {number(row.get('ours')):>12}  "
                  f"{number(row.get('lecture')):>12}  {row.get('agrees', ''):<11}  {wall:>7}")
    print(f"total wall time: {sum(e for _, e, _, _ in summary):.0f} s")
    print(f"executed notebooks: {out_dir.relative_to(ROOT)}/")

    if args.junit:
        suite.set("tests", str(len(notebooks)))
        suite.set("failures", str(failed))
        ET.ElementTree(suite).write(args.junit, encoding="utf-8", xml_declaration=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
