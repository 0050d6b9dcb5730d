"""`bin/makemore train` in makemore.py's mode against PyTorch: the same evaluation lines as
bench/makemore_train_ref.py, makemore.py's training loop run by Debian's python3-torch (/usr/bin/python3).

Both sides draw every random number from the same streams (the split, the initial weights, the batches, each
evaluation's shuffle and the samples drawn every 200 steps), so the printed losses are those of the same model on
the same words. They differ only by float rounding: libtorch 2.7 (Java) and PyTorch 1.13 (here) may sum and
multiply in other orders, a last-bit difference in a gradient that AdamW carries into the weights and that grows
with the steps. At these smoke settings (60 steps) the losses agree to all 4 printed decimals (and at 10,000 steps
too, so far); TOLERANCE allows one unit of the last printed decimal, the most a value within a few ulps can move
when it is rounded to 4 decimals next to a rounding boundary. At 2,000 and 10,000 steps see bench/README.md ("makemore.py's
models: Java against PyTorch"). The samples drawn every 200 steps (plain and top-k) are the same words.
"""
import os
import re
import subprocess

import pytest

from conftest import ROOT, names_file

# smaller than makemore.py's defaults where PyTorch's reference BLAS makes them slow (the transformer's 4 x 64 takes
# 50 s here); bench/README.md compares the defaults at 10,000 steps
TYPES = [("mlp", ("--n-embd", 16)), ("gru", ()), ("transformer", ("--n-layer", 2, "--n-embd", 32))]
STEPS, EVAL_EVERY = 60, 20
TOLERANCE = 1e-4  # one unit of the 4th printed decimal


def torch_available():
    try:
        return subprocess.run(["/usr/bin/python3", "-c", "import torch"], capture_output=True).returncode == 0
    except OSError:
        return False


def evaluations(text):
    """[(step, train loss, test loss)] from the `step S train loss X test loss Y ...` lines."""
    out = []
    for line in text.splitlines():
        p = line.split()
        if len(p) >= 8 and p[0] == "step" and p[2:4] == ["train", "loss"] and p[5:7] == ["test", "loss"]:
            out.append((int(p[1]), float(p[4]), float(p[7])))
    return out


def start_reference(kind, *args):
    """Starts bench/makemore_train_ref.py (it runs while the Java side does); finish() waits for its output."""
    env = dict(os.environ, MAKEMORE_NAMES=names_file())
    return subprocess.Popen(["/usr/bin/python3", str(ROOT / "bench" / "makemore_train_ref.py"), kind, *map(str, args)],
                            cwd=ROOT, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finish(proc):
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return out


def assert_same_evaluations(java, torch_):
    assert [e[0] for e in java] == [e[0] for e in torch_], (java, torch_)
    for j, t in zip(java, torch_):
        assert abs(j[1] - t[1]) <= TOLERANCE + 1e-9 and abs(j[2] - t[2]) <= TOLERANCE + 1e-9, (j, t)


needs_torch = pytest.mark.skipif(not torch_available(), reason="PyTorch (Debian's python3-torch under /usr/bin/python3) is not installed")


@needs_torch
@pytest.mark.parametrize("kind,sizes", TYPES, ids=[t[0] for t in TYPES])
def test_java_prints_pytorchs_evaluations(makemore, tmp_path, kind, sizes):
    args = ["--max-steps", STEPS, "--eval-every", EVAL_EVERY, *sizes]
    torch_ = start_reference(kind, *args)
    java = makemore("train", "--model", kind, "-i", names_file(), *args, "-o", tmp_path / "out", "--no-record")
    assert java.returncode == 0, java.stderr
    torch_ = finish(torch_)
    java_evals, torch_evals = evaluations(java.stdout), evaluations(torch_)
    assert [e[0] for e in java_evals] == [20, 40, 59]
    assert_same_evaluations(java_evals, torch_evals)
    # the same split and model size
    assert "31,033 train, 1,000 test" in java.stdout and "31,033 train, 1,000 test" in torch_
    params = re.search(r"([\d,]+) parameters", java.stdout)
    assert params and f"{params.group(1)} parameters" in torch_


def samples_lines(text):
    """The `samples at step S: new: ... | in train: ... | in test: ...` lines."""
    return [l for l in text.splitlines() if l.startswith("samples at step ")]


@needs_torch
@pytest.mark.parametrize("top_k", [-1, 5])
def test_java_samples_pytorchs_words(makemore, tmp_path, top_k):
    # the bigram is fast on both sides; at steps 200 and 400 its samples are still near-random strings, so every
    # torch.multinomial draw shows. They are compared exactly: a last-bit difference in a probability could flip a
    # draw in principle, but the bigram's weights stay identical on both sides (bench/README.md)
    args = ["--max-steps", 402, "--top-k", top_k]
    torch_ = start_reference("bigram", *args, "--samples")
    java = makemore("train", "--model", "bigram", "-i", names_file(), *args, "-o", tmp_path / "out", "--no-record")
    assert java.returncode == 0, java.stderr
    torch_ = finish(torch_)
    assert len(samples_lines(java.stdout)) == 2
    assert samples_lines(java.stdout) == samples_lines(torch_)
    assert evaluations(java.stdout) == evaluations(torch_)  # step 401: after the samples moved the generator
