#!/usr/bin/env python3
"""Every knob of every notebook's hyperparameter cell reaches what it names.

  knob_notebooks.py [--junit REPORT.xml] [NAME ...]

Each notebook runs once at smoke settings with every knob of its first code cell (the hyperparameter cell)
changed, the way a learner changes them: the cell's text is edited in memory (the file is not touched), by
`name = value;` for a plain variable or `.name(value)` for a knob of a Hyperparameters record (`deepHp.nHidden`
picks the record). Then it checks what must follow:
  - the notebook runs without an error and draws its charts;
  - the closing table names the changed settings (its JSON's "changes");
  - the parameter counts equal the formula worked out here from the changed sizes;
  - a loss differs from the same notebook's run at its own settings (the notebooks stage's results), so the
    change reached the training;
  - the numerics reported are the ones asked for.
A knob missing from the cell (renamed, removed) fails the case, so a new knob must get a case here.
"""
import argparse
import json
import re
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_notebooks  # noqa: E402

ROOT = run_notebooks.ROOT
V = 27  # the names' vocabulary


def mlp(e, b, h):
    return V * e + b * e * h + h + h * V + V


def tree(e, h, block):
    levels = block.bit_length() - 1
    return V * e + 2 * e * h + 2 * h + (levels - 1) * (2 * h * h + 2 * h) + h * V + V


def transformer(c, layers, block=16):
    """makemore.py's GPT: token and position tables, blocks of 12C^2 + 13C, the final LayerNorm, lm_head."""
    return V * c + block * c + layers * (12 * c * c + 13 * c) + 2 * c + c * V


def deep(e, b, h, d):
    return V * e + b * e * h + 2 * h + (d - 1) * (h * h + 2 * h) + h * V + 2 * V


# notebook: (knob -> new value as Java source, expected closing-table changes, {metric: parameters}, loss metric)
CASES = {
    "01-bigram": ({"seed": "7L", "smoothing": "3", "namesToSample": "3", "learningRate": "20f",
                   "regularization": "0.05f", "gdSteps": "Notebook.steps(60)"},
                  ["seed 2147483647 → 7", "smoothing 1 → 3", "namesToSample 5 → 3", "learningRate 50.0 → 20.0",
                   "regularization 0.01 → 0.05", "gdSteps 200 → 60"],
                  {}, "count model loss, smoothed"),
    "02-mlp": ({"seed": "7L", "blockSize": "4", "batchSize": "16", "numerics": "Notebook.numerics(Numerics.FAST)",
                "smallEmbd": "3", "smallHidden": "50", "smallSteps": "Notebook.steps(800)",
                "lrSearchSteps": "Notebook.steps(300)", "nEmbd": "6", "nHidden": "50",
                "steps": "Notebook.steps(1_500)", "lr": "0.2f, 0.02f, 700", "namesToSample": "7"},
               ["seed 2147483647 → 7", "blockSize 3 → 4", "batchSize 32 → 16", "nEmbd 10 → 6", "nHidden 200 → 50",
                "steps 200,000 → 1,500", "lr 0.1 → 0.2", "lrFinal 0.01 → 0.02", "decayStep 100,000 → 700"],
               {"parameters": mlp(6, 4, 50)}, "val loss"),
    "03-layers": ({"steps": "Notebook.steps(1_500)", "lr": "0.2f, 0.02f, 700", "batchSize": "16", "blockSize": "4",
                   "nEmbd": "6", "nHidden": "50", "seed": "5L", "numerics": "Notebook.numerics(Numerics.FAST)",
                   "deepHp.steps": "Notebook.steps(300)", "deepHp.lr": "0.05f, 0.01f, 100", "deepHp.nHidden": "30",
                   "deepHp.depth": "3", "runsAtOnce": "1"},
                  ["mlp blockSize 3 → 4", "mlp nEmbd 10 → 6", "mlp nHidden 200 → 50", "mlp batchSize 32 → 16",
                   "mlp steps 200,000 → 1,500", "mlp seed 2147483647 → 5", "mlp lr 0.1 → 0.2", "deep-bn-1k blockSize 3 → 4",
                   "deep-bn-1k nHidden 100 → 30", "deep-bn-1k depth 5 → 3", "deep-bn-1k steps 1,001 → 300", "deep-bn-1k lr 0.1 → 0.05",
                   "deep-bn-1k decayStep 150,000 → 100"],
                  {"deep-bn parameters": deep(6, 4, 30, 3)}, "mlp val loss"),
    "03b-backprop-ninja": ({"seed": "7L", "globalSeed": "1L", "blockSize": "4", "nEmbd": "6", "nHiddenCheck": "40",
                            "nHidden": "50", "batchSize": "16", "maxSteps": "Notebook.steps(500)", "decayStep": "200",
                            "namesToSample": "5"},
                           ["seed 2147483647 → 7", "globalSeed 42 → 1", "blockSize 3 → 4", "nEmbd 10 → 6",
                            "nHiddenCheck 64 → 40", "nHidden 200 → 50", "batchSize 32 → 16", "maxSteps 200000 → 500",
                            "decayStep 100000 → 200", "namesToSample 20 → 5"],
                           {"parameters (exercises 1-3)": mlp(6, 4, 40) + 2 * 40,
                            "parameters (exercise 4)": mlp(6, 4, 50) + 2 * 50}, "val loss"),
    "04-hierarchical": ({"steps": "Notebook.steps(1_500)", "lr": "0.2f, 0.02f, 700", "batchSize": "20",
                         "blockSize": "16", "nEmbd": "8", "nHidden": "30", "seed": "3",
                         "numerics": "Notebook.numerics(Numerics.FAST)", "runsAtOnce": "1"},
                        ["hierarchical blockSize 8 → 16", "hierarchical nEmbd 10 → 8", "hierarchical nHidden 68 → 30",
                         "hierarchical batchSize 32 → 20", "hierarchical seed 42 → 3", "flat blockSize 8 → 16",
                         "hierarchical steps 200,000 → 1,500", "hierarchical decayStep 150,000 → 700"],
                        {"hierarchical parameters": tree(8, 30, 16)}, "hierarchical val loss"),
    "05-wavenet": ({"steps": "Notebook.steps(1_500)", "lr": "0.2f, 0.02f, 700", "batchSize": "16", "blockSize": "16",
                    "nEmbd": "12", "nHidden": "40", "seed": "7", "numerics": "Notebook.numerics(Numerics.FAST)"},
                   ["wavenet blockSize 8 → 16", "wavenet nEmbd 24 → 12", "wavenet nHidden 128 → 40",
                    "wavenet batchSize 32 → 16", "wavenet seed 42 → 7", "wavenet lr 0.1 → 0.2",
                    "conv blockSize 8 → 16", "conv steps 28,000 → 210"],
                   {"wavenet parameters": tree(12, 40, 16)}, "wavenet val loss"),
    "06-transformer": ({"nLayer": "1", "nHead": "2", "nEmbd": "16", "batchSize": "16", "lr": "1e-3",
                        "weightDecay": "0.0", "seed": "7", "maxSteps": "Notebook.steps(150)", "evalEvery": "50",
                        "topK": "5", "temperature": "0.8", "zooSteps": "Notebook.steps(40)", "namesToSample": "7"},
                       ["nLayer 4 → 1", "nHead 4 → 2", "nEmbd 64 → 16", "batchSize 32 → 16", "lr 5.0E-4 → 0.001",
                        "weightDecay 0.01 → 0.0", "seed 3407 → 7", "maxSteps 10000 → 150", "evalEvery 500 → 50",
                        "topK -1 → 5", "temperature 1.0 → 0.8", "zooSteps 1000 → 40", "namesToSample 20 → 7"],
                       {"transformer parameters": transformer(16, 1)}, "transformer test loss"),
}


def code_only(cell):
    """The cell with each // comment blanked out (same length), so parentheses and ; in comments do not count."""
    return re.sub(r"//[^\n]*", lambda m: " " * len(m.group(0)), cell)


def record_statements(cell):
    """{name: (start, end)} of each `Hyperparameters NAME = ...;` statement of the cell, in order."""
    code = code_only(cell)
    spans = {}
    for m in re.finditer(r"\b(?:Hyperparameters|MakemoreSettings)\s+(\w+)\s*=", code):
        depth, i = 0, m.end()
        while i < len(code) and not (code[i] == ";" and depth == 0):
            depth += {"(": 1, ")": -1}.get(code[i], 0)
            i += 1
        spans[m.group(1)] = (m.end(), i)
    return spans


def set_knob(cell, knob, value):
    """The hyperparameter cell with `knob` set to `value`: a plain `TYPE knob = ...;` declaration (one that is not
    derived from a record), else `.knob(...)` in the record statement named by a `record.` prefix or, without
    one, in the first record statement."""
    record, _, name = knob.rpartition(".")
    code = code_only(cell)
    if not record:
        decl = re.compile(r"\b(?:int|long|float|double|boolean|var|Numerics)\s+" + re.escape(name) + r"\s*=\s*([^;]+);")
        for d in decl.finditer(code):
            if not re.search(r"\b\w*[hH]p\.", d.group(1)):   # `int blockSize = hp.blockSize()` is a short name, not a knob
                return cell[:d.start(1)] + value + cell[d.end(1):]
    spans = record_statements(cell)
    if record and record not in spans:
        raise KeyError(f"no record '{record}' in the hyperparameter cell")
    span = spans[record] if record else next(iter(spans.values()), None)
    if span:
        m = re.compile(r"\." + re.escape(name) + r"\(").search(code, span[0], span[1])
        if m:
            depth, i = 1, m.end()
            while depth:
                depth += {"(": 1, ")": -1}.get(code[i], 0)
                i += 1
            return cell[:m.end()] + value + ")" + cell[i:]
    raise KeyError(f"knob '{knob}' is not in the hyperparameter cell")


def hyperparameter_cell(nb):
    for cell in nb.cells:
        if cell.cell_type == "code":
            if "Hyperparameters" not in cell.source and "hyperparameters" not in cell.source.lower():
                raise KeyError("the first code cell is not the hyperparameter cell")
            return cell
    raise KeyError("no code cell")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--junit")
    ap.add_argument("names", nargs="*")
    args = ap.parse_args()
    baseline_dir = ROOT / "target" / "notebooks-smoke" / "results"
    out_dir = ROOT / "target" / "notebooks-knobs"
    results_dir = out_dir / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    suite = ET.Element("testsuite", name="notebook-knobs")
    failed = 0
    names = [n for n in CASES if not args.names or any(n.startswith(a) for a in args.names)]
    for name in names:
        knobs, changes, params, loss_metric = CASES[name]
        path = ROOT / "notebooks" / f"{name}.ipynb"
        print(f"== {name}: {', '.join(f'{k}={v}' for k, v in knobs.items())}", flush=True)
        problems = []
        start = time.monotonic()
        original = nbformat.read(path, as_version=4)
        try:
            cell = hyperparameter_cell(original)
            for k, v in knobs.items():
                cell.source = set_knob(cell.source, k, v)
        except KeyError as e:
            problems.append(str(e))
        if not problems:
            edited = out_dir / f"{name}.ipynb"
            nbformat.write(original, edited)
            (results_dir / f"{name}.json").unlink(missing_ok=True)
            _, _, images, run_problems = run_notebooks.run(edited, False, results_dir)
            problems += run_problems
            rows, more = run_notebooks.check_results(name, results_dir, False)
            problems += more
            result = json.loads((results_dir / f"{name}.json").read_text()) if (results_dir / f"{name}.json").exists() else {}
            got = result.get("changes", [])
            for c in changes:
                if c not in got:
                    problems.append(f"the closing table does not name '{c}' (it names {got})")
            by_metric = {r["metric"]: r.get("ours") for r in rows}
            for metric, expected in params.items():
                if by_metric.get(metric) != expected:
                    problems.append(f"{metric}: {by_metric.get(metric)}, the formula gives {expected}")
            if any("Numerics.FAST" in v for v in knobs.values()) and result.get("numerics") != "fast":
                problems.append(f"asked for FAST numerics, the notebook reported {result.get('numerics')}")
            try:
                base = {r["metric"]: r.get("ours") for r in json.loads((baseline_dir / f"{name}.json").read_text())["rows"]}
                if loss_metric not in by_metric or loss_metric not in base:
                    problems.append(f"no '{loss_metric}' to compare with the run at the notebook's own settings")
                elif by_metric[loss_metric] == base[loss_metric]:
                    problems.append(f"{loss_metric} is {by_metric[loss_metric]} with and without the changes")
            except OSError:
                problems.append(f"no results of the notebook at its own settings in {baseline_dir} (run the notebooks stage first)")
        elapsed = time.monotonic() - start
        print(f"   {elapsed:7.1f} s" + ("" if not problems else ", PROBLEMS:"), flush=True)
        for p in problems:
            print(f"   - {p}", flush=True)
        case = ET.SubElement(suite, "testcase", classname="notebook-knobs", name=name, time=f"{elapsed:.1f}")
        if problems:
            failed += 1
            ET.SubElement(case, "failure", message=problems[0][:300]).text = "\n".join(problems)
    if args.junit:
        suite.set("tests", str(len(names)))
        suite.set("failures", str(failed))
        ET.ElementTree(suite).write(args.junit, encoding="utf-8", xml_declaration=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
