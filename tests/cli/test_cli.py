"""The command-line trainer, sampler and evaluator: results, exact resume, Ctrl-C, and one-line errors."""
import re
import signal
import time

import pytest


def losses(text):
    """{'train': '2.1234', 'val': ..., 'test': ...} from the 'SPLIT loss X' lines of train or eval."""
    out = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] == "loss":
            out[parts[0]] = parts[2]
    return out


def assert_one_line_error(result, *fragments):
    assert result.returncode == 2, result.stderr + result.stdout
    lines = [l for l in result.stderr.splitlines() if l.strip() and "Warning: AutoNonVariableTypeMode" not in l]
    assert len(lines) == 1, result.stderr
    assert "Exception" not in result.stderr and "\tat " not in result.stderr, result.stderr
    for f in fragments:
        assert f in lines[0], lines[0]


def test_train_then_eval_and_sample(makemore, tmp_path):
    ckpt = tmp_path / "mlp.ckpt"
    train = makemore("train", "--model", "mlp", "--steps", 300, "--out", ckpt)
    assert train.returncode == 0, train.stderr
    assert "11,897 parameters" in train.stdout
    trained = losses(train.stdout)
    assert set(trained) == {"train", "val", "test"}
    assert all(2.0 < float(v) < 8.0 for v in trained.values()), trained  # the plain init starts at 27.88
    assert "steps/s" in train.stderr and "loss" in train.stderr  # the progress bar

    ev = makemore("eval", "--checkpoint", ckpt)
    assert ev.returncode == 0, ev.stderr
    assert losses(ev.stdout) == trained  # the checkpoint holds exactly the trained model

    sample = makemore("sample", "--checkpoint", ckpt, "--n", 7, "--seed", 5)
    assert sample.returncode == 0, sample.stderr
    names = sample.stdout.split()
    assert len(names) == 7 and all(re.fullmatch(r"[a-z]+", n) for n in names), names
    again = makemore("sample", "--checkpoint", ckpt, "--n", 7, "--seed", 5)
    assert again.stdout == sample.stdout  # seeded


def test_resume_continues_bit_exactly(makemore, tmp_path):
    whole, half = tmp_path / "whole.ckpt", tmp_path / "half.ckpt"
    args = ["--model", "wavenet", "--decay-step", 150]
    assert makemore("train", *args, "--steps", 300, "--out", whole).returncode == 0
    assert makemore("train", *args, "--steps", 150, "--out", half).returncode == 0
    resumed = makemore("train", "--resume", half, "--steps", 300, "--out", half)
    assert resumed.returncode == 0, resumed.stderr
    assert "resuming at 150" in resumed.stdout
    assert whole.read_bytes() == half.read_bytes()  # same weights, statistics and step: bit for bit


def test_conv_model_trains_and_evaluates(makemore, tmp_path):
    ckpt = tmp_path / "conv.ckpt"
    train = makemore("train", "--model", "conv", "--steps", 60, "--out", ckpt)
    assert train.returncode == 0, train.stderr
    assert "76,579 parameters" in train.stdout
    assert float(losses(train.stdout)["val"]) < 3.0
    sample = makemore("sample", "--checkpoint", ckpt, "--n", 3)
    assert sample.returncode == 0 and len(sample.stdout.split()) == 3, sample.stderr


def test_ctrl_c_saves_a_checkpoint_that_loads(spawn, makemore, tmp_path):
    ckpt = tmp_path / "interrupted.ckpt"
    proc = spawn("train", "--model", "wavenet", "--out", ckpt)
    # wait for training to be under way: the progress bar reports a step count
    deadline = time.time() + 120
    seen = ""
    while time.time() < deadline:
        seen += proc.stderr.read1(4096).decode(errors="replace")
        if re.search(r"\s[1-9]\d*/200000", seen):
            break
        assert proc.poll() is None, seen
    else:
        proc.kill()
        pytest.fail("training did not start: " + seen)
    proc.send_signal(signal.SIGINT)
    out, err = (b.decode(errors="replace") for b in proc.communicate(timeout=120))
    assert proc.returncode in (0, 130), err
    assert "stopped at step" in out and "checkpoint saved" in out, out + err
    step = int(re.search(r"stopped at step (\d+)", out).group(1))
    assert 0 < step < 200000
    ev = makemore("eval", "--checkpoint", ckpt)
    assert ev.returncode == 0, ev.stderr
    assert f"after {step:,} steps" in ev.stdout
    assert not list(tmp_path.glob("*.tmp"))  # the atomic write left nothing behind


@pytest.mark.parametrize("args, fragments", [
    (["train", "--model", "gpt5"], ["unknown model 'gpt5'", "conv"]),
    (["train", "--model", "wavenet", "-i", "words.txt"], ["--model wavenet is a lecture model"]),
    (["train", "--model", "transformer", "--fast"], ["--fast is for the lecture models"]),
    (["train", "--model", "gru", "--n-head", "0"], ["--n-head: must be at least 1"]),
    (["train", "--model", "gru", "--resume", "-o", "nowhere"], ["no model to resume in nowhere"]),
    (["train", "--model", "mlp", "--steps", "0"], ["--steps"]),
    (["train", "--model", "mlp", "--steps", "many"], ["--steps", "many"]),
    (["train", "--model", "mlp", "--lr", "-1"], ["--lr"]),
    (["train", "--model", "wavenet", "--block-size", "12"], ["--block-size: ", "power of two", "12"]),
    (["train", "--model", "bn", "--depth", "0"], ["--depth: must be at least 1"]),
    (["train", "--model", "mlp", "--depth", "3"], ["--depth: ", "mlp has no depth knob"]),
    (["train", "--model", "mlp", "--n-hidden", "-5"], ["--n-hidden: must be at least 1, got -5"]),
    (["runs", "compare", "only-one"], ["compare needs two or more run ids"]),
    (["runs", "rm", "no-such-run"], ["no run 'no-such-run'"]),
    (["runs", "frobnicate"], ["unknown action 'frobnicate'"]),
    (["train", "--model", "mlp", "--bogus"], ["--bogus"]),
    (["train"], ["--model is required"]),
    (["sample"], ["--checkpoint"]),
    (["eval", "--checkpoint", "missing.ckpt"], ["missing.ckpt", "does not exist"]),
    (["frobnicate"], ["frobnicate"]),
    (["bench", "--java-variants", "exact,quick"], ["--java-variants", "quick"]),
    (["bench", "--java-preload", "/nonexistent/lib.so"], ["--java-preload", "/nonexistent/lib.so"]),
])
def test_bad_options_give_one_line_and_exit_2(makemore, args, fragments):
    assert_one_line_error(makemore(*args), *fragments)


def test_corrupt_checkpoints_give_one_line_and_exit_2(makemore, tmp_path, bigram_checkpoint):
    data = bigram_checkpoint.read_bytes()
    cases = {
        "text.ckpt": (b"emma\nolivia\n", "wrong magic"),
        "truncated.ckpt": (data[: len(data) // 2], "truncated"),
        "flipped.ckpt": (data[:200] + bytes([data[200] ^ 0xFF]) + data[201:], "checksum"),
        "empty.ckpt": (b"", "wrong magic"),
    }
    for name, (content, fragment) in cases.items():
        (tmp_path / name).write_bytes(content)
        for cmd in ("eval", "sample"):
            assert_one_line_error(makemore(cmd, "--checkpoint", tmp_path / name), name, fragment)


def test_mismatched_checkpoint_gives_one_line_and_exit_2(makemore, bigram_checkpoint):
    assert_one_line_error(makemore("train", "--model", "mlp", "--resume", bigram_checkpoint),
                          "holds a bigram model, not --model mlp")
    assert_one_line_error(makemore("train", "--resume", bigram_checkpoint, "--lr", "0.5"),
                          "--lr cannot change when resuming")


def parameters(text):
    m = re.search(r"([\d,]+) parameters", text)
    assert m, text
    return int(m.group(1).replace(",", ""))


def test_every_size_option_reaches_the_network(makemore):
    """--block-size 16 gives the WaveNet a fourth FlattenConsecutive level; bn takes --n-hidden and --depth."""
    e, h, v = 24, 128, 27
    levels = 4
    expected = v * e + 2 * e * h + 2 * h + (levels - 1) * (2 * h * h + 2 * h) + h * v + v
    r = makemore("train", "--model", "wavenet", "--block-size", 16, "--steps", 30, "--no-record")
    assert r.returncode == 0, r.stderr
    assert parameters(r.stdout) == expected == 109_603
    e, h, d, block = 10, 50, 2, 3
    expected = v * e + block * e * h + 2 * h + (d - 1) * (h * h + 2 * h) + h * v + 2 * v
    r = makemore("train", "--model", "bn", "--n-hidden", h, "--depth", d, "--steps", 30, "--no-record")
    assert r.returncode == 0, r.stderr
    assert parameters(r.stdout) == expected


def test_resume_continues_in_the_numerics_the_run_started_with(makemore, tmp_path):
    fast = tmp_path / "fast.ckpt"
    first = makemore("train", "--model", "wavenet", "--fast", "--steps", 40, "--out", fast, "--no-record")
    assert first.returncode == 0, first.stderr
    assert "numerics fast" in first.stdout
    resumed = makemore("train", "--resume", fast, "--steps", 60, "--no-record")
    assert resumed.returncode == 0, resumed.stderr
    assert "numerics fast" in resumed.stdout and "numerics: fast" in resumed.stdout, resumed.stdout
    exact = tmp_path / "exact.ckpt"
    assert makemore("train", "--model", "mlp", "--steps", 20, "--out", exact, "--no-record").returncode == 0
    assert_one_line_error(makemore("train", "--resume", exact, "--fast", "--steps", 40),
                          "--fast cannot change when resuming", "exact")


def test_runs_are_kept_listed_compared_and_removed(makemore, tmp_path):
    a = makemore("train", "--model", "mlp", "--steps", 200, "--out", tmp_path / "a.ckpt")
    b = makemore("train", "--model", "mlp", "--steps", 200, "--n-hidden", 50, "--out", tmp_path / "b.ckpt")
    assert a.returncode == 0 and b.returncode == 0, a.stderr + b.stderr
    ids = [re.search(r"run kept as (\S+)", r.stdout).group(1) for r in (a, b)]
    files = sorted(p.name for p in (tmp_path / "runs").glob("*.json"))
    assert files == sorted(i + ".json" for i in ids)

    listed = makemore("runs")
    assert listed.returncode == 0, listed.stderr
    assert all(i in listed.stdout for i in ids), listed.stdout
    assert "nHidden 200 → 50" in listed.stdout and "★ best" in listed.stdout, listed.stdout
    best_line = next(l for l in listed.stdout.splitlines() if "★ best" in l)
    vals = {i: float(losses(r.stdout)["val"]) for i, r in zip(ids, (a, b))}
    assert min(vals, key=vals.get) in best_line, (vals, best_line)

    compared = makemore("runs", "compare", ids[0], ids[1])
    assert compared.returncode == 0, compared.stderr
    row = next(l for l in compared.stdout.splitlines() if l.strip().startswith("nHidden"))
    assert "200" in row and "50" in row and "*" in row, row

    removed = makemore("runs", "rm", ids[0][-12:])
    assert removed.returncode == 0, removed.stderr
    assert [p.name for p in (tmp_path / "runs").glob("*.json")] == [ids[1] + ".json"]


def test_a_sweep_trains_every_combination_side_by_side_and_each_run_gives_its_lone_numbers(makemore, tmp_path):
    sweep = makemore("sweep", "--model", "mlp", "--n-hidden", "20,40", "--lr", "0.1,0.05", "--steps", 300,
                     "--parallel", 2)
    assert sweep.returncode == 0, sweep.stderr
    assert "training 4 runs side by side, 2 at a time" in sweep.stdout, sweep.stdout
    rows = [l for l in sweep.stdout.splitlines() if l.strip().startswith("run ")]
    table = {}
    for l in rows:
        m = re.match(r"\s*(run \d+ \[[^\]]*\])\s*\|\s*(\d+)\s*\|\s*(\d+\.\d+)\s*\|\s*(\d+\.\d+)", l)
        if m:
            table[m.group(1)] = (int(m.group(2)), float(m.group(3)), float(m.group(4)))
    assert len(table) == 4 and all(v[0] == 300 for v in table.values()), sweep.stdout
    assert len(list((tmp_path / "runs").glob("*.json"))) == 4
    # the run with nHidden 40 and lr 0.05, trained alone, ends on the same val loss
    alone = makemore("train", "--model", "mlp", "--n-hidden", 40, "--lr", 0.05, "--steps", 300, "--no-record",
                     "--out", tmp_path / "alone.ckpt")
    assert alone.returncode == 0, alone.stderr
    key = next(k for k in table if "nHidden 200 → 40" in k and "lr 0.1 → 0.05" in k)
    assert abs(float(losses(alone.stdout)["val"]) - table[key][2]) < 1e-6, (losses(alone.stdout), table[key])


@pytest.mark.parametrize("args,fragments", [
    (["sweep", "--model", "conv", "--steps", "10"], ["not conv"]),
    (["sweep", "--model", "mlp", "--n-hidden", "0,10"], ["--n-hidden: must be at least 1, got 0"]),
    (["sweep", "--model", "mlp", "--parallel", "0"], ["--parallel must be at least 1"]),
    (["sweep", "--model", "mlp", "--n-hidden", "a,b"], ["--n-hidden"]),
])
def test_bad_sweeps_give_one_line_and_exit_2(makemore, args, fragments):
    assert_one_line_error(makemore(*args), *fragments)
