#!/usr/bin/python3
"""PyTorch eager reference for bench/training.sh: the djl backend's architecture in plain PyTorch.

Pre-LayerNorm decoder blocks (causal multi-head attention, 4x MLP with exact erf GELU), learned
position embeddings, a final LayerNorm and logits through the tied token embedding; AdamW
(betas 0.9/0.95, eps 1e-8, decay 0.01 on matrices and embeddings only), global gradient-norm
clipping at 1.0, cross-entropy over every next token of the batch. It trains on the batch of token
ids the djl half wrote, reads the loss every step as a training loop that logs it does, and prints
one JSON line like the djl half.

usage: training_reference.py LAYERS D_MODEL HEADS VOCAB CONTEXT IDS_FILE STEPS THREADS PRESET
"""
import json
import math
import sys
import time

import torch
import torch.nn.functional as F

WARMUP_STEPS = 3


class Block(torch.nn.Module):
    def __init__(self, d, heads, context):
        super().__init__()
        self.heads = heads
        self.ln1 = torch.nn.LayerNorm(d)
        self.qkv = torch.nn.Linear(d, 3 * d)
        self.out = torch.nn.Linear(d, d)
        self.ln2 = torch.nn.LayerNorm(d)
        self.mlp_in = torch.nn.Linear(d, 4 * d)
        self.mlp_out = torch.nn.Linear(4 * d, d)
        bias = torch.triu(torch.full((context, context), -1e9), diagonal=1)
        self.register_buffer("mask", bias.view(1, 1, context, context), persistent=False)

    def forward(self, x):
        b, t, d = x.shape
        hs = d // self.heads
        q, k, v = self.qkv(self.ln1(x)).split(d, dim=2)
        q = q.view(b, t, self.heads, hs).transpose(1, 2)
        k = k.view(b, t, self.heads, hs).transpose(1, 2)
        v = v.view(b, t, self.heads, hs).transpose(1, 2)
        scores = q @ k.transpose(-2, -1) * (1.0 / math.sqrt(hs)) + self.mask[:, :, :t, :t]
        y = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, t, d)
        x = x + self.out(y)
        return x + self.mlp_out(F.gelu(self.mlp_in(self.ln2(x))))


class Decoder(torch.nn.Module):
    def __init__(self, layers, d, heads, vocab, context):
        super().__init__()
        self.tok_emb = torch.nn.Embedding(vocab, d)
        self.pos_emb = torch.nn.Embedding(context, d)
        self.blocks = torch.nn.ModuleList(Block(d, heads, context) for _ in range(layers))
        self.ln_f = torch.nn.LayerNorm(d)
        for name, p in self.named_parameters():
            if p.dim() == 2:
                std = 0.02 / math.sqrt(2 * layers) if name.endswith(("out.weight", "mlp_out.weight")) else 0.02
                torch.nn.init.normal_(p, std=std)
            elif name.endswith("bias"):
                torch.nn.init.zeros_(p)

    def forward(self, ids):
        t = ids.shape[1]
        x = self.tok_emb(ids) + self.pos_emb(torch.arange(t, device=ids.device))
        for block in self.blocks:
            x = block(x)
        return self.ln_f(x) @ self.tok_emb.weight.t()


def matmul_roof():
    n = 1024
    a, b = torch.randn(n, n), torch.randn(n, n)
    best = 0.0
    for _ in range(12):
        t0 = time.perf_counter()
        (a @ b)[0, 0].item()
        best = max(best, 2.0 * n ** 3 / (time.perf_counter() - t0) / 1e9)
    return best


def main():
    layers, d, heads, vocab, context = (int(a) for a in sys.argv[1:6])
    ids_file, steps, threads, preset = sys.argv[6], int(sys.argv[7]), int(sys.argv[8]), sys.argv[9]
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    with open(ids_file) as f:
        ids = torch.tensor([[int(t) for t in line.split()] for line in f if line.strip()])
    rows, length = ids.shape
    inputs, targets = ids[:, :-1].contiguous(), ids[:, 1:].contiguous()
    model = Decoder(layers, d, heads, vocab, context)
    decayed = [p for n, p in model.named_parameters() if p.dim() == 2]
    undecayed = [p for n, p in model.named_parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW([{"params": decayed, "weight_decay": 0.01},
                                   {"params": undecayed, "weight_decay": 0.0}],
                                  lr=1e-3, betas=(0.9, 0.95), eps=1e-8)

    def step():
        logits = model(inputs)
        loss = F.cross_entropy(logits.view(-1, vocab), targets.view(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        return loss.item()

    for _ in range(WARMUP_STEPS):
        step()
    losses = []
    start = time.perf_counter()
    for _ in range(steps):
        losses.append(step())
    step_seconds = (time.perf_counter() - start) / steps
    positions = rows * (length - 1)
    per_token = layers * (2 * 12 * d * d + 2 * 2 * (length - 1) * d) + 2 * d * vocab
    gflops = 3.0 * positions * per_token / step_seconds / 1e9
    print(json.dumps({"engine": "pytorch", "version": torch.__version__, "preset": preset, "layers": layers,
                      "d_model": d, "heads": heads, "vocab": vocab, "context": context, "rows": rows,
                      "length": length, "threads": threads, "steps": steps,
                      "step_ms": round(step_seconds * 1e3, 2), "tokens_per_s": round(positions / step_seconds),
                      "gflops": round(gflops, 2), "roof_gflops": round(matmul_roof(), 1),
                      "losses": [round(v, 4) for v in losses]}))


if __name__ == "__main__":
    main()
