"""A smoke run of `bin/makemore bench`: it runs, prints a table per model, and the Java and PyTorch
sides start from the same seeded weights and batches. Speed is not tested here (see bench --help)."""
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


def test_bench_smoke_without_torch_reports_java_alone(makemore):
    r = makemore("bench", "--smoke", "--models", "mlp", "--python", "/nonexistent/python3")
    assert r.returncode == 0, r.stderr
    assert "PyTorch: not run" in r.stdout and "Java alone" in r.stdout
    section, found = rows(r.stdout, "mlp")
    assert set(found) == {("java", "lecture"), ("java", "tuned"), ("java", "manual")}
    assert len(set(found.values())) == 1, found  # the fast MLP loops are the lecture loop, bit for bit
    assert "steps/s" in section and "peak RSS" in section


@pytest.mark.skipif(not torch_available(), reason="Debian's python3-torch is not installed")
def test_bench_smoke_with_torch_cross_checks_the_losses(makemore):
    r = makemore("bench", "--smoke", "--models", "wavenet,conv")
    assert r.returncode == 0, r.stderr
    for model in ("wavenet", "conv"):
        section, found = rows(r.stdout, model)
        assert ("pytorch", "lecture") in found and ("java", "lecture") in found, section
        torch_first, torch_last = found[("pytorch", "lecture")]
        for (side, loop), (first, last) in found.items():
            # same weights and batches: the same first loss, and after 300 steps the same to float noise
            assert first == pytest.approx(torch_first, abs=2e-6), (side, loop, section)
            assert last == pytest.approx(torch_last, abs=1e-4), (side, loop, section)
    # the tuned loop is the lecture loop bit for bit; only the fused-batch_norm one may differ
    _, wavenet = rows(r.stdout, "wavenet")
    assert wavenet[("java", "tuned")] == wavenet[("java", "lecture")], wavenet
