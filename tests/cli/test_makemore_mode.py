"""`bin/makemore train` in makemore.py's mode (-i FILE, -o DIR, any model type): a bad word list or option is one
line on stderr and exit status 2, never a stack trace; and a word list other than names.txt, in Unicode, trains
and samples words of its own characters."""
import random
import re

import pytest

from test_cli import assert_one_line_error

# Swedish and French syllables: letters beyond ASCII (å ä ö é è ê ç ï œ) and an apostrophe-free, space-free word list
SYLLABLES = ["å", "sjö", "bär", "gö", "ran", "kä", "ström", "lund", "fjäll", "ås", "öd", "mé", "lè", "çon", "fê",
             "naï", "bœuf", "rie", "té", "chè", "ve", "lys", "ång", "är"]


def unicode_words(path, count=400, seed=7):
    """A generated list of `count` distinct words, 1 to 4 syllables each, in UTF-8; returns their characters."""
    rng = random.Random(seed)
    words = set()
    while len(words) < count:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))))
    path.write_text("\n".join(sorted(words)) + "\n", encoding="utf-8")
    return set("".join(words))


def sampled_words(stdout):
    """The words printed between the last two rules of dashes (makemore.py's grouped samples)."""
    lines = stdout.splitlines()
    rules = [i for i, l in enumerate(lines) if l == "-" * 80]
    assert len(rules) >= 2, stdout
    block = lines[rules[-2] + 1:rules[-1]]
    return [l for l in block if not re.fullmatch(r"\d+ \d+ samples that are (in train|in test|new):", l)]


@pytest.mark.parametrize("make,args,fragments", [
    (None, ["-i", "missing.txt"], ["missing.txt does not exist"]),
    (b"", ["-i", "words.txt"], ["words.txt is empty"]),
    (b"anna\nb\x00b\x01\x02\n", ["-i", "words.txt"], ["words.txt looks binary", "offset 6"]),
    (b"anna\nbob\nz\xe9e\n", ["-i", "words.txt"], ["words.txt line 3", "not valid UTF-8", "--encoding"]),
    (b"anna\n" + b"x" * 70 + b"\n", ["-i", "words.txt"], ["words.txt line 2", "70 characters", "limit is 64"]),
    (b"anna\nbob\n", ["-i", "words.txt", "--resume", "-o", "empty-dir"], ["no model to resume in empty-dir"]),
    (b"anna\nbob\n", ["-i", "words.txt", "-o", "out", "-l", "-1"], ["-l", "positive", "-1"]),
])
def test_bad_word_lists_and_options_give_one_line_and_exit_2(makemore, tmp_path, make, args, fragments):
    if make is not None:
        (tmp_path / "words.txt").write_bytes(make)
    (tmp_path / "empty-dir").mkdir()
    r = makemore("train", "--model", "bigram", "--max-steps", 5, "--no-record", *args)
    assert_one_line_error(r, *fragments)
    assert not (tmp_path / "out" / "model.ckpt").exists()


def test_a_unicode_word_list_trains_and_samples_its_own_characters(makemore, tmp_path):
    words = tmp_path / "ord.txt"
    chars = unicode_words(words)
    r = makemore("train", "--model", "mlp", "-i", words, "--max-steps", 30, "--eval-every", 10, "-o", tmp_path / "out",
                 "--no-record")
    assert r.returncode == 0, r.stderr
    assert f"vocabulary {len(chars) + 1}," in r.stdout, r.stdout  # its characters and the end token
    assert len(re.findall(r"^step \d+ train loss \d", r.stdout, re.M)) == 3, r.stdout
    samples = sampled_words(r.stdout)
    assert len(samples) == 20, samples
    assert any(samples), samples  # not all empty words
    assert set("".join(samples)) <= chars, set("".join(samples)) - chars
    assert (tmp_path / "out" / "model.ckpt").is_file()
