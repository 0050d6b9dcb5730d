"""makemore.py's program through `bin/makemore train`: its work directory, evaluations, samples and checkpoints,
which `sample` and `eval` read like the lecture models' ones."""
import re

TINY = ["--n-layer", "1", "--n-head", "2", "--n-embd", "16", "--n-embd2", "16"]
EVAL = re.compile(r"^step (\d+) train loss (\d+\.\d+) test loss (\d+\.\d+)", re.MULTILINE)


def test_train_evaluates_keeps_the_best_model_and_sample_and_eval_read_it(makemore, tmp_path):
    out = tmp_path / "out"
    r = makemore("train", "--model", "transformer", *TINY, "--max-steps", 60, "--eval-every", 20, "-o", out)
    assert r.returncode == 0, r.stderr
    evals = [(int(s), float(a), float(b)) for s, a, b in EVAL.findall(r.stdout)]
    assert [s for s, _, _ in evals] == [20, 40, 59], r.stdout      # every 20 steps and at the last one
    assert all(2.0 < a < 4.0 and 2.0 < b < 4.0 for _, a, b in evals), evals
    assert (out / "model.ckpt").is_file()
    assert re.search(r"\d+ 20 samples that are new:", r.stdout), r.stdout
    assert "run kept as" in r.stdout and list((tmp_path / "runs").glob("*makemore-transformer.json"))

    sampled = makemore("sample", "--checkpoint", out / "model.ckpt", "--n", 5, "--seed", 3)
    assert sampled.returncode == 0, sampled.stderr
    names = sampled.stdout.split()
    assert len(names) <= 5 and all(re.fullmatch(r"[a-z]*", n) for n in names), sampled.stdout
    assert makemore("sample", "--checkpoint", out / "model.ckpt", "--n", 5, "--seed", 3).stdout == sampled.stdout

    ev = makemore("eval", "--checkpoint", out / "model.ckpt")
    assert ev.returncode == 0, ev.stderr
    losses = dict(re.findall(r"^(train|test)\s+loss (\d+\.\d+)", ev.stdout, re.MULTILINE))
    assert set(losses) == {"train", "test"} and all(2.0 < float(v) < 4.0 for v in losses.values()), ev.stdout

    again = makemore("train", "--model", "transformer", *TINY, "-o", out, "--sample-only")
    assert again.returncode == 0, again.stderr
    assert "samples that are new:" in again.stdout

    resumed = makemore("train", "--model", "transformer", *TINY, "-o", out, "--resume", "--max-steps", 21,
                       "--eval-every", 20, "--no-record")
    assert resumed.returncode == 0, resumed.stderr
    first = [float(b) for _, _, b in EVAL.findall(resumed.stdout)][0]
    assert first < 3.3, f"the resumed model starts trained: {resumed.stdout}"


def test_the_same_seed_prints_the_same_evaluations(makemore, tmp_path):
    runs = [makemore("train", "--model", "gru", *TINY, "--max-steps", 41, "--eval-every", 20, "-o", tmp_path / f"o{i}",
                     "--no-record") for i in range(2)]
    assert all(r.returncode == 0 for r in runs), runs[0].stderr
    assert EVAL.findall(runs[0].stdout) == EVAL.findall(runs[1].stdout)


def test_a_swedish_and_french_word_list_round_trips(makemore, tmp_path):
    words = ["åsa", "björn", "märta", "göran", "élodie", "zoë", "françois", "anaïs", "søren", "ægir", "œuvre", "lærke"]
    f = tmp_path / "words.txt"
    f.write_text("\n".join(words * 3) + "\n", encoding="utf-8")
    r = makemore("train", "--model", "rnn", *TINY, "-i", f, "-o", tmp_path / "o", "--max-steps", 30,
                 "--eval-every", 10, "--no-record")
    assert r.returncode == 0, r.stderr
    allowed = set("".join(words))
    block = r.stdout.split("20 samples that are in train:")[1]
    produced = "".join(l.strip() for l in block.splitlines() if not l.startswith(("-", "0 ", "1", "2", "3", "4", "5", "6",
                                                                                "7", "8", "9")))
    assert produced and set(produced) <= allowed | set(" |:"), produced
    assert f"vocabulary {len(allowed) + 1}," in r.stdout, r.stdout   # the distinct letters + the start/end token
