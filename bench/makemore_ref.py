"""PyTorch reference for lib's dev.makemore.zoo: makemore.py's model types in its module layout and order.

Written for this project (not copied from makemore.py): the modules are built in the order makemore.py builds
them, so that after torch.manual_seed the default initialisers draw the same numbers in the same order, and
named_parameters() gives the names lib's SequenceModel.namedParameters() uses. The LSTM, which makemore.py
only mentions, has the layout of lib's LstmCell (four Linear layers on [x; h], learned start h and c).

    /usr/bin/python3 bench/makemore_ref.py TYPE SEED VOCAB BLOCK NLAYER NHEAD NEMBD NEMBD2

prints one JSON object like dev.makemore.zoo.ZooProbe's: the initial parameters, the logits of the fixed input
idx[b][t] = (7b + 3t + 1) % vocab (B = 3, T = block), and the losses and parameters of two AdamW steps with
makemore.py's settings (lr 5e-4, betas (0.9, 0.99), eps 1e-8, weight decay 0.01) on targets at t + 1, the
last row's last two set to -1.
"""
import json
import math
import sys

import torch
import torch.nn as nn
from torch.nn import functional as F

BATCH = 3


def causal(t):
    return torch.tril(torch.ones(t, t)) == 0  # True where a position may not look


class Gelu(nn.Module):
    def forward(self, x):
        return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


class SelfAttention(nn.Module):
    def __init__(self, c, heads):
        super().__init__()
        self.c_attn = nn.Linear(c, 3 * c)
        self.c_proj = nn.Linear(c, c)
        self.heads = heads

    def forward(self, x):
        b, t, c = x.shape
        q, k, v = (a.view(b, t, self.heads, c // self.heads).transpose(1, 2) for a in self.c_attn(x).split(c, dim=2))
        scores = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
        weights = F.softmax(scores.masked_fill(causal(t), float("-inf")), dim=-1)
        return self.c_proj((weights @ v).transpose(1, 2).contiguous().view(b, t, c))


class Block(nn.Module):
    def __init__(self, c, heads):
        super().__init__()
        self.ln_1 = nn.LayerNorm(c)
        self.attn = SelfAttention(c, heads)
        self.ln_2 = nn.LayerNorm(c)
        self.mlp = nn.ModuleDict(dict(c_fc=nn.Linear(c, 4 * c), c_proj=nn.Linear(4 * c, c), act=Gelu()))

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp.c_proj(self.mlp.act(self.mlp.c_fc(self.ln_2(x))))


class Transformer(nn.Module):
    def __init__(self, vocab, block, layers, heads, c):
        super().__init__()
        self.transformer = nn.ModuleDict(dict(
            wte=nn.Embedding(vocab, c), wpe=nn.Embedding(block, c),
            h=nn.ModuleList([Block(c, heads) for _ in range(layers)]), ln_f=nn.LayerNorm(c)))
        self.lm_head = nn.Linear(c, vocab, bias=False)

    def forward(self, idx):
        m = self.transformer
        x = m.wte(idx) + m.wpe(torch.arange(idx.shape[1]).unsqueeze(0))
        for block in m.h:
            x = block(x)
        return self.lm_head(m.ln_f(x))


class BowBlock(nn.Module):
    def __init__(self, c, c2):
        super().__init__()
        self.mlp = nn.ModuleDict(dict(c_fc=nn.Linear(c, c2), c_proj=nn.Linear(c2, c)))

    def forward(self, x):
        b, t, _ = x.shape
        weights = F.softmax(torch.zeros(b, t, t, dtype=x.dtype).masked_fill(causal(t), float("-inf")), dim=-1)
        x = x + weights @ x
        return x + self.mlp.c_proj(torch.tanh(self.mlp.c_fc(x)))


class Bow(nn.Module):
    def __init__(self, vocab, block, c, c2):
        super().__init__()
        self.wte = nn.Embedding(vocab, c)
        self.wpe = nn.Embedding(block, c)
        self.context_block = BowBlock(c, c2)
        self.lm_head = nn.Linear(c, vocab)

    def forward(self, idx):
        x = self.wte(idx) + self.wpe(torch.arange(idx.shape[1]).unsqueeze(0))
        return self.lm_head(self.context_block(x))


class RnnCell(nn.Module):
    def __init__(self, c, c2):
        super().__init__()
        self.xh_to_h = nn.Linear(c + c2, c2)

    def forward(self, x, state):
        return (torch.tanh(self.xh_to_h(torch.cat([x, state[0]], 1))),)


class GruCell(nn.Module):
    def __init__(self, c, c2):
        super().__init__()
        self.xh_to_z = nn.Linear(c + c2, c2)
        self.xh_to_r = nn.Linear(c + c2, c2)
        self.xh_to_hbar = nn.Linear(c + c2, c2)

    def forward(self, x, state):
        h = state[0]
        xh = torch.cat([x, h], 1)
        r = torch.sigmoid(self.xh_to_r(xh))
        hbar = torch.tanh(self.xh_to_hbar(torch.cat([x, r * h], 1)))
        z = torch.sigmoid(self.xh_to_z(xh))
        return ((1 - z) * h + z * hbar,)


class LstmCell(nn.Module):
    def __init__(self, c, c2):
        super().__init__()
        self.xh_to_i = nn.Linear(c + c2, c2)
        self.xh_to_f = nn.Linear(c + c2, c2)
        self.xh_to_g = nn.Linear(c + c2, c2)
        self.xh_to_o = nn.Linear(c + c2, c2)

    def forward(self, x, state):
        h, c = state
        xh = torch.cat([x, h], 1)
        i, f = torch.sigmoid(self.xh_to_i(xh)), torch.sigmoid(self.xh_to_f(xh))
        g, o = torch.tanh(self.xh_to_g(xh)), torch.sigmoid(self.xh_to_o(xh))
        c = f * c + i * g
        return o * torch.tanh(c), c


class Recurrent(nn.Module):
    def __init__(self, kind, vocab, c, c2):
        super().__init__()
        self.start = nn.Parameter(torch.zeros(1, c2))
        if kind == "lstm":
            self.start_c = nn.Parameter(torch.zeros(1, c2))
        self.wte = nn.Embedding(vocab, c)
        self.cell = dict(rnn=RnnCell, gru=GruCell, lstm=LstmCell)[kind](c, c2)
        self.lm_head = nn.Linear(c2, vocab)

    def forward(self, idx):
        b, t = idx.shape
        emb = self.wte(idx)
        state = (self.start.expand(b, -1),) + ((self.start_c.expand(b, -1),) if hasattr(self, "start_c") else ())
        hiddens = []
        for i in range(t):
            state = self.cell(emb[:, i, :], state)
            hiddens.append(state[0])
        return self.lm_head(torch.stack(hiddens, 1))


class Mlp(nn.Module):
    def __init__(self, vocab, block, c, c2):
        super().__init__()
        self.vocab, self.block = vocab, block
        self.wte = nn.Embedding(vocab + 1, c)
        self.mlp = nn.Sequential(nn.Linear(block * c, c2), nn.Tanh(), nn.Linear(c2, vocab))

    def forward(self, idx):
        embs = []
        for _ in range(self.block):
            embs.append(self.wte(idx))
            idx = torch.roll(idx, 1, 1)
            idx[:, 0] = self.vocab  # the blank before the start
        return self.mlp(torch.cat(embs, -1))


class Bigram(nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.logits = nn.Parameter(torch.zeros(vocab, vocab))

    def forward(self, idx):
        return self.logits[idx]


def build(kind, vocab, block, layers, heads, c, c2):
    if kind == "bigram":
        return Bigram(vocab)
    if kind == "mlp":
        return Mlp(vocab, block, c, c2)
    if kind in ("rnn", "gru", "lstm"):
        return Recurrent(kind, vocab, c, c2)
    if kind == "bow":
        return Bow(vocab, block, c, c2)
    if kind == "transformer":
        return Transformer(vocab, block, layers, heads, c)
    raise SystemExit("unknown type " + kind)


def named(model):
    return {n: {"shape": list(p.shape), "values": p.detach().reshape(-1).tolist()} for n, p in model.named_parameters()}


def main(argv):
    kind, seed = argv[0], int(argv[1])
    vocab, block, layers, heads, c, c2 = map(int, argv[2:8])
    torch.set_num_threads(1)
    torch.manual_seed(seed)
    model = build(kind, vocab, block, layers, heads, c, c2)
    out = {"type": kind, "torch": torch.__version__, "params": named(model)}
    idx = torch.tensor([[(7 * b + 3 * t + 1) % vocab for t in range(block)] for b in range(BATCH)])
    targets = torch.tensor([[(7 * b + 3 * (t + 1) + 1) % vocab for t in range(block)] for b in range(BATCH)])
    targets[BATCH - 1, max(0, block - 2):] = -1
    with torch.no_grad():
        out["logits"] = model(idx).reshape(-1).tolist()
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-4, betas=(0.9, 0.99), eps=1e-8, weight_decay=0.01)
    losses = []
    for _ in range(2):
        logits = model(idx)
        loss = F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1), ignore_index=-1)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    out["losses"] = losses
    out["after"] = named(model)
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
