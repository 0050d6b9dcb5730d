"""Data, split and timing shared by the PyTorch reference scripts of `bin/makemore bench`.

The data recipe is the lectures': the names shuffled with Python's `random.seed(42)`, split 80/10/10 by
word, and context windows left-padded with '.' (index 0). The conv model reads whole names instead:
each one left-padded with 8 '.' tokens and right-padded to the longest name of its batch.
"""
import os
import random
import resource
import time

import torch

BLOCK = {"mlp": 3, "bn": 3, "wavenet": 8, "conv": 8}
CONV_PAD = 8  # the receptive field of the three dilated convolutions (1 + 1 + 2 + 4)


def names_path():
    for p in (os.environ.get("MAKEMORE_NAMES"),
              os.path.join(os.environ.get("MAKEMORE_HOME", "."), "data", "names.txt")):
        if p and os.path.isfile(p):
            return p
    raise SystemExit("bench: names.txt not found (set MAKEMORE_NAMES)")


def load_split(path):
    """The lectures' split: (vocab, train words, val words, test words)."""
    with open(path, encoding="utf-8") as f:
        words = [w.strip() for w in f.read().splitlines() if w.strip()]
    chars = sorted(set("".join(words)))
    stoi = {c: i + 1 for i, c in enumerate(chars)}
    stoi["."] = 0
    random.seed(42)
    random.shuffle(words)
    n1, n2 = int(0.8 * len(words)), int(0.9 * len(words))
    return stoi, words[:n1], words[n1:n2], words[n2:]


def windows(words, stoi, block):
    """Context windows: X (n, block) int64 and Y (n,) int64, as in the lectures' build_dataset."""
    xs, ys = [], []
    for w in words:
        context = [0] * block
        for ch in w + ".":
            ix = stoi[ch]
            xs.append(context)
            ys.append(ix)
            context = context[1:] + [ix]
    return torch.tensor(xs), torch.tensor(ys)


def padded_names(words, stoi):
    """Whole names for the conv model: X (n, 8 + maxlen) left-padded with 8 zeros and right-padded with
    zeros; Y (n, maxlen + 1) holds the next character at every position and -1 after the end token;
    L (n,) the name lengths."""
    maxlen = max(len(w) for w in words)
    X = torch.zeros(len(words), CONV_PAD + maxlen, dtype=torch.long)
    Y = torch.full((len(words), maxlen + 1), -1, dtype=torch.long)
    L = torch.tensor([len(w) for w in words])
    for i, w in enumerate(words):
        ids = [stoi[c] for c in w]
        X[i, CONV_PAD:CONV_PAD + len(w)] = torch.tensor(ids)
        Y[i, :len(w) + 1] = torch.tensor(ids + [0])
    return X, Y, L


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def rss_mib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def schedstat():
    """This thread's time on a core and waiting in the run queue for one, in ns (Linux; (-1, -1) elsewhere)."""
    try:
        with open("/proc/thread-self/schedstat") as f:
            cpu, wait = f.read().split()[:2]
        return int(cpu), int(wait)
    except (OSError, ValueError):
        return -1, -1


def blas_library():
    """The BLAS torch is linked against, resolved (Debian's alternatives pick reference BLAS or OpenBLAS)."""
    with open("/proc/self/maps") as f:
        for line in f:
            path = line.split()[-1]
            if "blas" in os.path.basename(path):
                return os.path.realpath(path)
    return "built in"


def timed_steps(step, n):
    """Runs `step()` n times; returns (seconds, last loss)."""
    loss = None
    t0 = time.perf_counter()
    for _ in range(n):
        loss = step()
    return time.perf_counter() - t0, loss
