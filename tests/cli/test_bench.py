"""A smoke run of `bin/makemore bench`: it runs, prints a table per model, and the Java and PyTorch
sides start from the same seeded weights and batches, and the side-by-side lines (N runs at once against one)
come with finite numbers. Speed is not tested here (see bench --help)."""
import math
import re
import subprocess

import pytest


def torch_available():
    try:
        return subprocess.run(["/usr/bin/python3", "-c", "import torch"], capture_output=True).returncode == 0
    except OSError:
        return False


def rows(text, model):
    """{(side, loop): (first loss, last loss)} from the cross-check lines of one model's section."""
    section = text.split(f"== {model}:")[1].split("\n== ")[0]
    found = {}
    for side, loop, first, last in re.findall(r"^\s+(java|pytorch)\s+(\w+)\s+([\d.]+) -> ([\d.]+)$", section, re.M):
        found[(side, loop)] = (float(first), float(last))
    return section, found


NUMBER = r"(\d[\d,]*(?:\.\d+)?)"  # a finite number as the report prints it: NaN and Infinity do not match


def number(text):
    value = float(text.replace(",", ""))
    assert math.isfinite(value), text
    return value


def side_by_side(section, torch):
    """Checks the side-by-side lines of one model's section: Java's N runs against one (FAST, the smoke's
    default) and, with torch, PyTorch's scripts sequential and on N threads; every number finite."""
    assert "side by side: " in section, section
    part = section.split("side by side: ")[1]
    java = re.search(rf"^\s+java\s+fast\s+one run\s+{NUMBER}\s+(\d+) runs\s+{NUMBER} \(([\d, +]+)\)\s+scaling {NUMBER}x$",
                     part, re.M)
    assert java, part
    one, runs, agg, scaling = number(java[1]), int(java[2]), number(java[3]), number(java[5])
    assert runs >= 1 and one > 0 and agg > 0 and len(java[4].split(" + ")) == runs, java[0]
    assert scaling == pytest.approx(agg / one, rel=0.02, abs=0.01), java[0]
    assert re.search(rf"^goal scaling >= 0\.9 x {runs} runs, java fast: {NUMBER}x of one run: (met|not met)$", part, re.M), part
    assert re.search(rf"^\s+java\s+fast\s+[+-]{NUMBER} MiB per extra run \(built [+-]{NUMBER}, trained [+-]{NUMBER}\)", part,
                     re.M), part
    assert re.search(rf"^\s+java\s+fast\s+one run (\d+ %|-) / (\d+ %|-)\s+{runs} at once ", part, re.M), part
    assert re.search(rf"^goal memory flat, {runs} runs fast: RSS end vs after warm-up [+-]{NUMBER} %: (met|not met)$", part,
                     re.M), part
    if torch:
        for style in ("lecture", "opmin"):
            line = re.search(rf"^\s+pytorch\s+{style}\s+sequential\s+{NUMBER}\s+{runs} threads\s+{NUMBER} \([\d, +]+\)\s+"
                             rf"threads/sequential {NUMBER}x\s+best: (sequential|{runs} threads)$", part, re.M)
            assert line, part
            assert all(number(line[i]) > 0 for i in (1, 2, 3)), line[0]
        for style, factor in (("lecture", "1.5"), ("opmin", "1.0")):
            assert re.search(rf"^goal {runs}-setting sweep >= {re.escape(factor)}x torch {style}'s best way, java fast: "
                             rf"{NUMBER} vs {NUMBER} \((sequential|{runs} threads)\) = {NUMBER}x: (met|not met)$", part, re.M), part
    else:
        assert "pytorch" not in part, part


def test_bench_smoke_without_torch_reports_java_alone(makemore):
    r = makemore("bench", "--smoke", "--models", "mlp", "--python", "/nonexistent/python3")
    assert r.returncode == 0, r.stderr
    assert "PyTorch: not run" in r.stdout and "Java alone" in r.stdout
    section, found = rows(r.stdout, "mlp")
    assert set(found) == {("java", "exact"), ("java", "fast")}
    assert len(set(found.values())) == 1, found  # FAST's hand-written MLP backward is still the lecture's arithmetic
    assert "goal memory flat, exact" in section and "goal memory flat, fast" in section
    assert "steps/s" in section and "peak RSS" in section
    side_by_side(section, torch=False)


@pytest.mark.skipif(not torch_available(), reason="Debian's python3-torch is not installed")
def test_bench_smoke_with_torch_cross_checks_the_losses(makemore):
    r = makemore("bench", "--smoke", "--models", "wavenet,conv")
    assert r.returncode == 0, r.stderr
    for model in ("wavenet", "conv"):
        section, found = rows(r.stdout, model)
        assert ("pytorch", "lecture") in found and ("java", "exact") in found and ("java", "fast") in found, section
        torch_first, torch_last = found[("pytorch", "lecture")]
        for (side, loop), (first, last) in found.items():
            # same weights and batches: the same first loss, and after 300 steps the same to float noise
            assert first == pytest.approx(torch_first, abs=2e-6), (side, loop, section)
            assert last == pytest.approx(torch_last, abs=1e-4), (side, loop, section)
        assert "goal FAST >= 1.5x torch lecture" in section and "goal EXACT >= 1.0x torch lecture" in section, section
        side_by_side(section, torch=True)
    # (that FAST rounds differently from EXACT, by about 1e-6 per step, is lib's NumericsTest's business)


def test_a_failing_measurement_process_gives_one_line_and_exit_2(makemore, tmp_path):
    # a "python" that has torch, starts the protocol, then dies: the bench names it and cleans up
    script = tmp_path / "dies.py"
    script.write_text('import sys\nprint("READY", flush=True)\nsys.exit("torch exploded")\n')
    python = tmp_path / "python3"
    python.write_text(f'#!/bin/sh\ncase "$1" in -c) exit 0;; esac\nexec /usr/bin/python3 {script}\n')
    python.chmod(0o755)
    r = makemore("bench", "--smoke", "--models", "mlp", "--python", str(python))
    assert r.returncode == 2, r.stdout + r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "benchmark process failed (torch exploded)" in r.stderr and "--style lecture" in r.stderr
    assert "Exception" not in r.stderr and "\tat " not in r.stderr
