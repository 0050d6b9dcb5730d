"""PyTorch reference for `bin/makemore train`: makemore.py's training program, for one model type.

Written for this project (not copied from makemore.py). It draws every random number where makemore.py's main
loop draws it, all from the global generator after torch.manual_seed(seed):

  1. the split, torch.randperm(len(words)) (the test set is min(1000, a tenth) of the words);
  2. the model's initial weights (bench/makemore_ref.py builds the modules in makemore.py's order);
  3. the training loader: iter(DataLoader) draws a base seed, then its RandomSampler(replacement=True) draws its
     own generator's seed on the first batch; the batches are that generator's randint stream;
  4. every evaluation (a DataLoader with shuffle=True, batch size 100, stopping after batch index 10) draws the
     same two seeds, the sampler's one seeding its randperm;
  5. print_samples(num=10) every 200 steps: torch.multinomial from the global generator. These samples are drawn
     (and printed only with --samples) because they move the generator that later evaluations draw from.

As the Java CLI, it also evaluates at the last step and prints `step S train loss X test loss Y` with 4 decimals.

    MAKEMORE_NAMES=names.txt /usr/bin/python3 bench/makemore_train_ref.py TYPE [--max-steps N] [--eval-every N]
        [-i FILE] [--seed S] [--batch-size B] [--n-layer ..] [--n-head ..] [--n-embd ..] [--n-embd2 ..] [--samples]
"""
import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # one thread, as torch.set_num_threads(1), if torch uses OpenBLAS

import torch  # noqa: E402
from torch.nn import functional as F  # noqa: E402
from torch.utils.data import DataLoader, Dataset, RandomSampler  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from makemore_ref import build  # noqa: E402


class Words(Dataset):
    """makemore.py's CharDataset: x is 0 then the word's tokens, y the tokens then 0 then -1 (ignored)."""

    def __init__(self, words, chars, longest):
        self.words = words
        self.index = {ch: i + 1 for i, ch in enumerate(chars)}
        self.chars = {i: ch for ch, i in self.index.items()}
        self.longest = longest
        self.known = set(words)

    def __len__(self):
        return len(self.words)

    def encode(self, word):
        return torch.tensor([self.index[ch] for ch in word], dtype=torch.long)

    def decode(self, tokens):
        return "".join(self.chars[t] for t in tokens)

    def __getitem__(self, i):
        tokens = self.encode(self.words[i])
        x = torch.zeros(self.longest + 1, dtype=torch.long)
        y = torch.zeros(self.longest + 1, dtype=torch.long)
        x[1:1 + len(tokens)] = tokens
        y[:len(tokens)] = tokens
        y[len(tokens) + 1:] = -1
        return x, y


def datasets(path, encoding):
    words = [w.strip() for w in Path(path).read_text(encoding=encoding).splitlines()]
    words = [w for w in words if w]
    chars = sorted(set("".join(words)))
    longest = max(len(w) for w in words)
    test_size = min(1000, int(len(words) * 0.1))
    order = torch.randperm(len(words)).tolist()
    train = Words([words[i] for i in order[:-test_size]], chars, longest)
    test = Words([words[i] for i in order[-test_size:]], chars, longest)
    return train, test, len(chars) + 1, longest + 1


def loss_of(model, x, y):
    logits = model(x)
    return F.cross_entropy(logits.view(-1, logits.size(-1)), y.view(-1), ignore_index=-1)


@torch.no_grad()
def evaluate(model, data, batch_size=100, max_batches=10):
    model.eval()
    losses = []
    for i, (x, y) in enumerate(DataLoader(data, shuffle=True, batch_size=batch_size, num_workers=0)):
        losses.append(loss_of(model, x, y).item())
        if i >= max_batches:
            break
    model.train()
    return torch.tensor(losses).mean().item()


@torch.no_grad()
def samples(model, train, test, block, steps, num=10, top_k=None):
    idx = torch.zeros(num, 1, dtype=torch.long)
    for _ in range(steps):
        context = idx if idx.size(1) <= block else idx[:, -block:]
        logits = model(context)[:, -1, :]
        if top_k is not None:
            kth = torch.topk(logits, top_k).values[:, [-1]]
            logits[logits < kth] = -float("inf")
        idx = torch.cat((idx, torch.multinomial(F.softmax(logits, dim=-1), num_samples=1)), dim=1)
    groups = {"in train": [], "in test": [], "new": []}
    for row in idx[:, 1:].tolist():
        word = train.decode(row[:row.index(0)] if 0 in row else row)
        groups["in train" if word in train.known else "in test" if word in test.known else "new"].append(word)
    return groups


def block_size(kind, block):
    return 1 if kind == "bigram" else block


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("type", choices=["bigram", "mlp", "rnn", "gru", "lstm", "bow", "transformer"])
    p.add_argument("-i", "--input-file", default=os.environ.get("MAKEMORE_NAMES", "names.txt"))
    p.add_argument("--encoding", default="utf-8")
    p.add_argument("--max-steps", type=int, default=10000)
    p.add_argument("--eval-every", type=int, default=500)
    p.add_argument("--seed", type=int, default=3407)
    p.add_argument("--top-k", type=int, default=-1)
    p.add_argument("--n-layer", type=int, default=4)
    p.add_argument("--n-head", type=int, default=4)
    p.add_argument("--n-embd", type=int, default=64)
    p.add_argument("--n-embd2", type=int, default=64)
    p.add_argument("-b", "--batch-size", type=int, default=32)
    p.add_argument("-l", "--learning-rate", type=float, default=5e-4)
    p.add_argument("-w", "--weight-decay", type=float, default=0.01)
    p.add_argument("--samples", action="store_true", help="print the samples drawn every 200 steps")
    a = p.parse_args(argv)

    torch.set_num_threads(1)
    torch.manual_seed(a.seed)
    train, test, vocab, block = datasets(a.input_file, a.encoding)
    model = build(a.type, vocab, block, a.n_layer, a.n_head, a.n_embd, a.n_embd2)
    params = sum(t.numel() for t in model.parameters())
    print(f"{a.type} on {a.input_file}: {len(train) + len(test):,} words ({len(train):,} train, {len(test):,} test), "
          f"vocabulary {vocab}, block {block}, {params:,} parameters (PyTorch {torch.__version__})", flush=True)
    optimizer = torch.optim.AdamW(model.parameters(), lr=a.learning_rate, weight_decay=a.weight_decay,
                                  betas=(0.9, 0.99), eps=1e-8)
    sampler = RandomSampler(train, replacement=True, num_samples=int(1e10))
    batches = iter(DataLoader(train, sampler=sampler, batch_size=a.batch_size, num_workers=0))
    top_k = a.top_k if a.top_k != -1 else None
    training = 0.0
    for step in range(a.max_steps):
        t0 = time.perf_counter()
        x, y = next(batches)
        loss = loss_of(model, x, y)
        model.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        training += time.perf_counter() - t0
        last = step == a.max_steps - 1
        if (step > 0 and step % a.eval_every == 0) or last:
            train_loss = evaluate(model, train)
            test_loss = evaluate(model, test)
            print(f"step {step} train loss {train_loss:.4f} test loss {test_loss:.4f}", flush=True)
        if step > 0 and step % 200 == 0 and not last:
            s = samples(model, train, test, block_size(a.type, block), block - 1, 10, top_k)
            if a.samples:
                print(f"samples at step {step}: new: {' '.join(s['new'])} | in train: {' '.join(s['in train'])}"
                      f" | in test: {' '.join(s['in test'])}", flush=True)
    print(f"{a.max_steps:,} steps in {training:.1f} s ({a.max_steps / max(training, 1e-9):.0f} steps/s)", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
