"""The same four models and the same draws as lecture.py, written with as few ATen ops per step as
PyTorch allows: F.embedding, addmm/mm on 2-D activations, F.batch_norm, F.cross_entropy,
torch.autograd.grad (no gradient zeroing) and one `_foreach_add_` for the whole update.

The lectures' BatchNorm divides by the *unbiased* batch variance; F.batch_norm by the biased one. With
n rows, gamma * (x - m) / sqrt(var_u + eps) = (gamma * c) * (x - m) / sqrt(var_b + eps * c^2) where
c^2 = (n - 1) / n, so passing gamma * c and eps * c^2 keeps the lectures' model exactly (up to float
rounding). F.batch_norm updates running_var with the unbiased variance, as the lectures do.

Weights come from lecture.py's constructors, so the initial weights are identical by construction.
"""
import torch
import torch.nn.functional as F

import lecture

EPS = 1e-5


def batch_norm(x, norm, training):
    """The lectures' BatchNorm1d (unbiased variance) on a 2-D (rows, channels) input via F.batch_norm."""
    if not training:
        return F.batch_norm(x, norm.running_mean, norm.running_var, norm.gamma, norm.beta, False, 0.0, EPS)
    c2 = (x.shape[0] - 1) / x.shape[0]
    return F.batch_norm(x, norm.running_mean, norm.running_var, norm.gamma * c2 ** 0.5, norm.beta,
                        True, 0.1, EPS * c2)


class Model:
    def __init__(self, data, params):
        self.data, self.params = data, params
        self.gen = None  # as lecture.py's models
        for p in params:
            p.requires_grad = True

    def update(self, loss, lr):
        grads = torch.autograd.grad(loss, self.params)
        with torch.no_grad():
            torch._foreach_add_(self.params, grads, alpha=-lr)
        return loss.item()

    def loss(self, X, Y, training):
        return F.cross_entropy(self.forward(X, training), Y)

    def step(self, lr, batch_size=32):
        X, Y = self.data["train"]
        ix = torch.randint(0, X.shape[0], (batch_size,), generator=self.gen)
        return self.update(self.loss(X[ix], Y[ix], True), lr)

    @torch.no_grad()
    def split_loss(self, split):
        X, Y = self.data[split]
        return self.loss(X, Y, False).item()


class MLP(Model):
    def __init__(self, data):
        m = lecture.mlp(data)
        super().__init__(data, m.params)
        self.C, self.W1, self.b1, self.W2, self.b2 = m.params

    def forward(self, X, training):
        emb = F.embedding(X, self.C).view(-1, 30)
        return torch.addmm(self.b2, torch.tanh(torch.addmm(self.b1, emb, self.W1)), self.W2)


class DeepBN(Model):
    def __init__(self, data):
        m = lecture.bn(data)
        super().__init__(data, m.params)
        self.C = m.params[0]
        layers = m.layers
        self.stages = [(layers[i].weight, layers[i + 1]) for i in range(0, len(layers), 3)]

    def forward(self, X, training):
        x = F.embedding(X, self.C).view(X.shape[0], -1)
        for k, (w, norm) in enumerate(self.stages):
            x = batch_norm(x.mm(w), norm, training)
            if k < len(self.stages) - 1:
                x = torch.tanh(x)
        return x


class WaveNet(Model):
    def __init__(self, data):
        net = lecture.wavenet_layers()
        super().__init__(data, net.parameters())
        self.C, self.out = net.layers[0].weight, net.layers[-1]
        self.stages = [(net.layers[i].weight, net.layers[i + 1]) for i in (2, 6, 10)]

    def forward(self, X, training):
        x = F.embedding(X, self.C).view(-1, 48)  # (B*4, 48): pairs of characters, kept 2-D
        for k, (w, norm) in enumerate(self.stages):
            if k > 0:
                x = x.view(-1, 256)  # FlattenConsecutive(2) on the 2-D layout
            x = torch.tanh(batch_norm(x.mm(w), norm, training))
        return torch.addmm(self.out.bias, x, self.out.weight)


class Conv(Model):
    """BatchNorm over the valid positions: gather them, F.batch_norm, scatter back (zeros elsewhere;
    padded positions never reach a valid output)."""

    def __init__(self, data):
        m = lecture.conv(data)
        super().__init__(data, m.params)
        self.C, self.out = m.emb.weight, m.out_layer
        self.stages = [(linear.weight, norm) for linear, norm, _ in m.blocks]

    def forward(self, X, L, training):
        B = X.shape[0]
        x = F.embedding(X, self.C)
        rf = 1
        for (w, norm), d in zip(self.stages, lecture.ConvModel.DILATIONS):
            x = torch.cat([x[:, :-d], x[:, d:]], dim=2)
            T = x.shape[1]
            rf += d
            rows = (torch.arange(T) < (L + 9 - rf).unsqueeze(1)).view(-1).nonzero().squeeze(1)
            h = x.view(B * T, -1).index_select(0, rows).mm(w)
            h = torch.tanh(batch_norm(h, norm, training))
            x = h.new_zeros(B * T, h.shape[1]).index_copy(0, rows, h).view(B, T, -1)
        return torch.addmm(self.out.bias, x.view(-1, x.shape[2]), self.out.weight)

    def loss(self, X, Y, L, training):
        return F.cross_entropy(self.forward(X, L, training), Y.reshape(-1), ignore_index=-1)

    def step(self, lr, batch_size=32):
        X, Y, L = self.data["train_names"]
        ix = torch.randint(0, X.shape[0], (batch_size,), generator=self.gen)
        Lb = L[ix]
        n = int(Lb.max())
        return self.update(self.loss(X[ix, :8 + n], Y[ix, :n + 1], Lb, True), lr)

    @torch.no_grad()
    def split_loss(self, split):
        X, Y, L = self.data[split + "_names"]
        total = 0.0
        for i in range(0, X.shape[0], lecture.EVAL_CHUNK):
            s = slice(i, i + lecture.EVAL_CHUNK)
            total += self.loss(X[s], Y[s], L[s], False).item() * (L[s] + 1).sum().item()
        return total / (L + 1).sum().item()


MODELS = {"mlp": MLP, "bn": DeepBN, "wavenet": WaveNet, "conv": Conv}
