"""The lectures' training code, as the notebooks write it: one autograd op per lecture expression,
`p.grad = None` before backward and `p.data += -lr * p.grad` after.

Every model draws its initial weights from torch's global CPU generator in the lecture's order
(`torch.Generator().manual_seed(s)` is the same stream), then draws each minibatch with `torch.randint`.
The Java side does the same draws through DJL, so both sides see the same weights and batches.
"""
import torch
import torch.nn.functional as F

# Added to every model's seed: run i of a side-by-side bench (torch_bench.py --runs N) is seeded with the
# lecture's seed + i, as the Java side's runs are.
SEED_OFFSET = 0


def seed(s):
    torch.manual_seed(s + SEED_OFFSET)


class Linear:
    def __init__(self, fan_in, fan_out, bias=True):
        self.weight = torch.randn((fan_in, fan_out)) / fan_in ** 0.5
        self.bias = torch.zeros(fan_out) if bias else None

    def __call__(self, x):
        self.out = x @ self.weight
        if self.bias is not None:
            self.out += self.bias
        return self.out

    def parameters(self):
        return [self.weight] + ([] if self.bias is None else [self.bias])


class BatchNorm1d:
    """The lectures' BatchNorm: unbiased batch variance, momentum 0.1; over dim 0 for 2-D input and over
    (0, 1) for 3-D input. With a mask (B, T, 1) only the valid positions count (the conv model)."""

    def __init__(self, dim, eps=1e-5, momentum=0.1):
        self.eps, self.momentum, self.training = eps, momentum, True
        self.gamma, self.beta = torch.ones(dim), torch.zeros(dim)
        self.running_mean, self.running_var = torch.zeros(dim), torch.ones(dim)

    def __call__(self, x, mask=None):
        if self.training:
            dim = 0 if x.ndim == 2 else (0, 1)
            if mask is None:
                xmean = x.mean(dim, keepdim=True)
                xvar = x.var(dim, keepdim=True)
            else:
                n = mask.sum()
                xmean = (x * mask).sum(dim, keepdim=True) / n
                xvar = ((x - xmean) * mask).square().sum(dim, keepdim=True) / (n - 1)
        else:
            xmean, xvar = self.running_mean, self.running_var
        xhat = (x - xmean) / torch.sqrt(xvar + self.eps)
        self.out = self.gamma * xhat + self.beta
        if self.training:
            with torch.no_grad():
                self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * xmean.squeeze()
                self.running_var = (1 - self.momentum) * self.running_var + self.momentum * xvar.squeeze()
        return self.out

    def parameters(self):
        return [self.gamma, self.beta]


class Tanh:
    def __call__(self, x):
        self.out = torch.tanh(x)
        return self.out

    def parameters(self):
        return []


class Embedding:
    def __init__(self, num, dim):
        self.weight = torch.randn((num, dim))

    def __call__(self, ix):
        self.out = self.weight[ix]
        return self.out

    def parameters(self):
        return [self.weight]


class FlattenConsecutive:
    def __init__(self, n):
        self.n = n

    def __call__(self, x):
        B, T, C = x.shape
        x = x.view(B, T // self.n, C * self.n)
        if x.shape[1] == 1:
            x = x.squeeze(1)
        self.out = x
        return self.out

    def parameters(self):
        return []


class Sequential:
    def __init__(self, layers):
        self.layers = layers

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        self.out = x
        return self.out

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]


def set_training(layers, training):
    for layer in layers:
        if isinstance(layer, BatchNorm1d):
            layer.training = training


def sgd_step(params, loss, lr):
    """The lectures' update: clear the gradients, backward, `p.data += -lr * p.grad`; returns the loss."""
    for p in params:
        p.grad = None
    loss.backward()
    for p in params:
        p.data += -lr * p.grad
    return loss.item()


# ---- the four benchmark models -------------------------------------------------------------------

class WindowModel:
    """A model on context windows (part 2, 3 and 5): one minibatch = 32 random windows."""

    def __init__(self, data, params, forward, layers=()):
        self.Xtr, self.Ytr = data["train"]
        self.data, self.params, self.forward, self.layers = data, params, forward, list(layers)
        self.gen = None  # torch's global generator; a run beside others draws from a generator of its own
        for p in params:
            p.requires_grad = True

    def step(self, lr, batch_size=32):
        ix = torch.randint(0, self.Xtr.shape[0], (batch_size,), generator=self.gen)
        Xb, Yb = self.Xtr[ix], self.Ytr[ix]
        loss = F.cross_entropy(self.forward(Xb), Yb)
        return sgd_step(self.params, loss, lr)

    @torch.no_grad()
    def split_loss(self, split):
        set_training(self.layers, False)
        X, Y = self.data[split]
        loss = F.cross_entropy(self.forward(X), Y).item()
        set_training(self.layers, True)
        return loss


def mlp(data):
    """Part 2: C (27,10), W1 (30,200), b1, W2 (200,27), b2, all plain randn; 11,897 parameters."""
    seed(2147483647)
    C = torch.randn((27, 10))
    W1 = torch.randn((30, 200))
    b1 = torch.randn(200)
    W2 = torch.randn((200, 27))
    b2 = torch.randn(27)

    def forward(X):
        emb = C[X]
        h = torch.tanh(emb.view(-1, 30) @ W1 + b1)
        return h @ W2 + b2

    return WindowModel(data, [C, W1, b1, W2, b2], forward)


def bn(data):
    """Part 3: the deep BatchNorm MLP (5 hidden layers of 100, last BN gamma x0.1); 47,024 parameters."""
    seed(2147483647)
    n_embd, n_hidden, block = 10, 100, 3
    C = torch.randn((27, n_embd))
    layers = [Linear(n_embd * block, n_hidden, bias=False), BatchNorm1d(n_hidden), Tanh()]
    for _ in range(4):
        layers += [Linear(n_hidden, n_hidden, bias=False), BatchNorm1d(n_hidden), Tanh()]
    layers += [Linear(n_hidden, 27, bias=False), BatchNorm1d(27)]
    with torch.no_grad():
        layers[-1].gamma *= 0.1

    def forward(X):
        emb = C[X]
        x = emb.view(emb.shape[0], -1)
        for layer in layers:
            x = layer(x)
        return x

    return WindowModel(data, [C] + [p for layer in layers for p in layer.parameters()], forward, layers)


def wavenet_layers(n_embd=24, n_hidden=128):
    """Part 5's hierarchical model in the lecture's order of draws (seed 42 first)."""
    seed(42)
    model = Sequential([
        Embedding(27, n_embd),
        FlattenConsecutive(2), Linear(n_embd * 2, n_hidden, bias=False), BatchNorm1d(n_hidden), Tanh(),
        FlattenConsecutive(2), Linear(n_hidden * 2, n_hidden, bias=False), BatchNorm1d(n_hidden), Tanh(),
        FlattenConsecutive(2), Linear(n_hidden * 2, n_hidden, bias=False), BatchNorm1d(n_hidden), Tanh(),
        Linear(n_hidden, 27),
    ])
    with torch.no_grad():
        model.layers[-1].weight *= 0.1
    return model


def wavenet(data):
    """Part 5: 76,579 parameters."""
    model = wavenet_layers()
    return WindowModel(data, model.parameters(), model, model.layers)


EVAL_CHUNK = 2048


class ConvModel:
    """The WaveNet's layers applied at every position of a whole name: each FlattenConsecutive(2) +
    Linear becomes a kernel-2 causal convolution with dilation 1, 2, 4, i.e. the Linear applied to the
    sequence concatenated with itself shifted by the dilation. Same weights, same 76,579 parameters;
    one minibatch = 32 random names, the loss is the mean over the valid positions."""

    DILATIONS = (1, 2, 4)

    def __init__(self, data):
        net = wavenet_layers()
        self.layers = net.layers
        self.emb, self.out_layer = net.layers[0], net.layers[-1]
        self.blocks = [net.layers[i:i + 4][1:] for i in (1, 5, 9)]  # (Linear, BatchNorm1d, Tanh)
        self.params = net.parameters()
        for p in self.params:
            p.requires_grad = True
        self.data = data
        self.gen = None

    def forward(self, X, L):
        x = self.emb(X)
        rf = 1
        for (linear, norm, act), d in zip(self.blocks, self.DILATIONS):
            x = linear(torch.cat([x[:, :-d], x[:, d:]], dim=2))
            rf += d
            # valid: the position's receptive field ends inside the name (8 pads + the letters)
            valid = torch.arange(x.shape[1]) < (L + 1 + 8 - rf).unsqueeze(1)
            x = act(norm(x, valid.unsqueeze(2).float()))
        return self.out_layer(x)

    def step(self, lr, batch_size=32):
        X, Y, L = self.data["train_names"]
        ix = torch.randint(0, X.shape[0], (batch_size,), generator=self.gen)
        Lb = L[ix]
        n = int(Lb.max())
        Xb, Yb = X[ix, :8 + n], Y[ix, :n + 1]
        logits = self.forward(Xb, Lb)
        loss = F.cross_entropy(logits.view(-1, logits.shape[-1]), Yb.reshape(-1), ignore_index=-1)
        return sgd_step(self.params, loss, lr)

    @torch.no_grad()
    def split_loss(self, split):
        set_training(self.layers, False)
        X, Y, L = self.data[split + "_names"]
        total = 0.0
        for i in range(0, X.shape[0], EVAL_CHUNK):  # whole names, 2048 at a time
            logits = self.forward(X[i:i + EVAL_CHUNK], L[i:i + EVAL_CHUNK])
            total += F.cross_entropy(logits.view(-1, logits.shape[-1]), Y[i:i + EVAL_CHUNK].reshape(-1),
                                     ignore_index=-1, reduction="sum").item()
        set_training(self.layers, True)
        return total / (L + 1).sum().item()


def conv(data):
    return ConvModel(data)


MODELS = {"mlp": mlp, "bn": bn, "wavenet": wavenet, "conv": conv}
