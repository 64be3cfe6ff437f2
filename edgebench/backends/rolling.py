"""Greedy decoding with a rolling batch: a finished row leaves at once, a waiting row takes its place.

``model.generate`` runs every row of a batch until the longest one ends, and small models often run
to the token limit while their neighbours stopped long before: on a CPU that wastes most of the
batch. Transformers' own continuous batching needs a paged-attention kernel and takes no per-row
stop rule, so this loop is written here (about a hundred lines over a plain ``DynamicCache``):

- waiting rows are prefilled together (left-padded) and joined to the running batch by padding
  the shorter cache on the left; their first token comes from that prefill;
- each step feeds every running row its last token with its own position id (a JSON-locked row: every
  token its grammar forced since, up to ``jump`` of them, ``edgebench.backends.row_lock``);
- a row ends on an EOS token, at its token budget, or when ``done(row)`` says so (stop strings, a
  settled JSON answer); its cache rows are dropped, and columns no running row needs are trimmed.

Token by token it is the same greedy decode as ``generate`` (same masks and positions); only which
rows share a forward changes.
"""
from __future__ import annotations

import functools
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import torch

from edgebench.backends.prompt_lookup import draft

@dataclass
class Row:
    """One request's decoding state and its share of the wall time."""

    prompt: list[int]
    max_new_tokens: int
    key: int = -1  # the caller's index for this row
    tokens: list[int] = field(default_factory=list)
    lock: Any = None  # a RowLock (edgebench.backends.row_lock) for a JSON-locked row
    fed: int = 0      # how many of ``tokens`` the KV cache holds (the rest are fed with the next step)
    prefill_seconds: float = 0.0
    decode_seconds: float = 0.0


def supported(model: torch.nn.Module) -> bool:
    """Only full-attention layers in a ``DynamicCache`` can be joined and split by batch row."""
    from transformers import DynamicCache
    from transformers.cache_utils import DynamicLayer

    try:
        cache = DynamicCache(config=model.config)
    except Exception:  # a model whose cache needs more than its config
        return False
    return all(type(layer) is DynamicLayer for layer in cache.layers)


@functools.cache  # one class, not one per prefill
def _roomy_layer():
    """A ``DynamicLayer`` that appends into spare room instead of copying the whole cache per token.

    ``DynamicLayer.update`` concatenates: every step copies every layer's keys and values (hundreds
    of MB a step for a batch of long prompts). This one keeps a buffer with room for ``ROOM`` more
    columns; ``keys``/``values`` stay views of it, so the rest of transformers sees the usual tensors.
    A row selection or a join replaces the tensors, and the next update moves them into a new buffer."""
    from transformers.cache_utils import DynamicLayer

    class RoomyLayer(DynamicLayer):
        ROOM = 128

        def update(self, key_states, value_states, *args, **kwargs):
            if not self.is_initialized:
                self.lazy_initialization(key_states, value_states)
                self._kbuf = self._vbuf = None
            old = self.keys.shape[-2] if self.keys.dim() == 4 else 0
            new = old + key_states.shape[-2]
            buf = self._kbuf
            if (buf is None or buf.shape[0] != key_states.shape[0] or buf.shape[-2] < new
                    or (old and self.keys.data_ptr() != buf.data_ptr())):
                shape = (*key_states.shape[:2], new + self.ROOM, key_states.shape[-1])
                self._kbuf, self._vbuf = key_states.new_empty(shape), value_states.new_empty(shape)
                if old:
                    self._kbuf[:, :, :old] = self.keys
                    self._vbuf[:, :, :old] = self.values
            self._kbuf[:, :, old:new] = key_states
            self._vbuf[:, :, old:new] = value_states
            self.keys, self.values = self._kbuf[:, :, :new], self._vbuf[:, :, :new]
            return self.keys, self.values

    return RoomyLayer


def _new_cache(model: torch.nn.Module):
    from transformers import DynamicCache

    cache = DynamicCache(config=model.config)
    layer = _roomy_layer()
    cache.layers = [layer() for _ in cache.layers]
    return cache


@functools.lru_cache(maxsize=None)
def _cache_name(forward) -> str:
    """The keyword a model's forward takes its KV cache by: ``cache`` in transformers that renamed it (and
    warn on every call with the old name), ``past_key_values`` before."""
    import inspect

    return "cache" if "cache" in inspect.signature(forward).parameters else "past_key_values"


def with_cache(model: torch.nn.Module, cache) -> dict:
    """``{name: cache}`` to pass to ``model(...)`` under the name this transformers uses."""
    return {_cache_name(type(model).forward): cache}


def cache_out(out):
    """The KV cache a forward returned, read without the deprecated alias."""
    return out["cache"] if "cache" in out else out["past_key_values"]


def _pad_left(cache, columns: int) -> None:
    for layer in cache.layers:
        pad = layer.keys.new_zeros(*layer.keys.shape[:2], columns, layer.keys.shape[-1])
        layer.keys = torch.cat([pad, layer.keys], dim=-2)
        layer.values = torch.cat([pad, layer.values], dim=-2)


class RollingDecoder:
    """Greedy decoding of many rows, at most ``batch_size`` running together."""

    def __init__(self, model: torch.nn.Module, *, batch_size: int, eos_ids: set[int], pad_id: int,
                 done: Callable[[Row], bool] = lambda row: False,
                 on_finish: Callable[[Row], None] = lambda row: None, lookup: int = 0,
                 lookup_budget: int | None = None, lookup_ngram: int = 2, jump: int = 4) -> None:
        self.model = model
        self.batch_size = max(1, batch_size)
        self.lookup = lookup  # draft tokens per row and step (prompt lookup); 0: one token a step
        # Tokens one step may feed in all (default: the batch size). On a CPU a forward costs about its token
        # count once a batch is full: at batch 8 on 1 thread, drafts made edge_json 1.3-2x slower (24.0 ->
        # 18.2 / 11.4 tok/s), while with 2 or 1 rows running they made it 1.4x / 1.3x faster. So drafts only
        # fill the room a draining batch leaves (docs/benchmarks.md, stop 25).
        self.lookup_budget = lookup_budget or self.batch_size
        self.lookup_ngram = lookup_ngram  # the shortest n-gram a draft may follow (1-grams drafted too much)
        self.jump = max(1, jump)  # tokens a locked row may feed in one step (its grammar's forced run)
        self.eos_ids = eos_ids
        self.pad_id = pad_id
        self.done = done
        self.on_finish = on_finish  # called as each row ends, so its answer can be kept at once

    def _finished(self, row: Row) -> bool:
        return (row.tokens[-1] in self.eos_ids or len(row.tokens) >= row.max_new_tokens or self.done(row))

    @torch.inference_mode()
    def run(self, rows: Sequence[Row]) -> Sequence[Row]:
        waiting = list(rows)
        running: list[Row] = []
        cache = mask = None  # the running rows' KV cache and (rows, columns) attention mask
        while waiting or running:
            if waiting and len(running) < self.batch_size:
                joined, new_cache, new_mask = self._prefill(waiting[:self.batch_size - len(running)])
                waiting = waiting[self.batch_size - len(running):]
                if joined:
                    cache, mask = self._join(cache, mask, new_cache, new_mask) if running else (new_cache, new_mask)
                    running += joined
                continue  # admit more before stepping if rows ended at their first token
            cache, mask, running = self._step(cache, mask, running)
        return rows

    def _prefill(self, rows: list[Row]):
        """Prompt pass of new rows; returns the rows still running, their cache and mask."""
        started = time.perf_counter()
        width = max(len(r.prompt) for r in rows)
        ids = torch.tensor([[self.pad_id] * (width - len(r.prompt)) + r.prompt for r in rows])
        mask = torch.tensor([[0] * (width - len(r.prompt)) + [1] * len(r.prompt) for r in rows])
        out = self.model(input_ids=ids, attention_mask=mask, position_ids=(mask.cumsum(-1) - 1).clamp(min=0),
                         **with_cache(self.model, _new_cache(self.model)), use_cache=True, logits_to_keep=1)
        logits = out.logits[:, -1]
        for row, scores, token in zip(rows, logits, logits.argmax(-1).tolist()):
            row.tokens.append(row.lock.pick(row.prompt[-1], scores) if row.lock is not None else token)
            self._jump(row)
        seconds = (time.perf_counter() - started) / len(rows)
        for row in rows:
            row.prefill_seconds += seconds
        keep = [i for i, r in enumerate(rows) if not self._finished(r)]
        for i in sorted(set(range(len(rows))) - set(keep)):
            self.on_finish(rows[i])
        cache = cache_out(out)
        if not keep:  # every new row ended at its first token
            return [], None, None
        if len(keep) < len(rows):
            cache.batch_select_indices(torch.tensor(keep, dtype=torch.long))
            mask = mask[keep]
        return [rows[i] for i in keep], cache, mask

    @staticmethod
    def _join(cache, mask, new_cache, new_mask):
        gap = mask.shape[1] - new_mask.shape[1]
        if gap > 0:
            _pad_left(new_cache, gap)
            new_mask = torch.cat([new_mask.new_zeros(new_mask.shape[0], gap), new_mask], dim=1)
        elif gap < 0:
            _pad_left(cache, -gap)
            mask = torch.cat([mask.new_zeros(mask.shape[0], -gap), mask], dim=1)
        for layer, new in zip(cache.layers, new_cache.layers):
            layer.keys = torch.cat([layer.keys, new.keys], dim=0)
            layer.values = torch.cat([layer.values, new.values], dim=0)
        return cache, torch.cat([mask, new_mask], dim=0)

    def _jump(self, row: Row) -> None:
        """Append the tokens a locked row's grammar forces next (no forward decides them)."""
        while row.lock is not None and not self._finished(row):
            token = row.lock.forced(row.tokens[-1])
            if token is None:
                return
            row.tokens.append(token)

    def _drafts(self, running: list[Row]) -> list[list[int]]:
        if not self.lookup:
            return [[] for _ in running]
        # never draft past a row's budget: its last token is the one greedy decoding gives at the limit
        count = min(self.lookup, self.lookup_budget // len(running) - 1)
        return [[] if r.lock is not None else
                draft(r.prompt + r.tokens, min(count, r.max_new_tokens - len(r.tokens) - 1), min_ngram=self.lookup_ngram)
                for r in running]

    def _step(self, cache, mask, running: list[Row]):
        """One forward for every running row: the tokens its cache lacks (its last one; a locked row's forced
        run, up to ``jump``), then its draft tokens (if any); each row keeps the greedy tokens up to the first
        draft token greedy decoding disagrees with. A locked row picks its token through its lock."""
        started = time.perf_counter()
        drafts = self._drafts(running)
        feeds = [r.tokens[r.fed:r.fed + self.jump] for r in running]
        width = max(len(f) + len(d) for f, d in zip(feeds, drafts))
        ids = torch.tensor([[*f, *d, *[self.pad_id] * (width - len(f) - len(d))] for f, d in zip(feeds, drafts)])
        fed = torch.tensor([[1] * (len(f) + len(d)) + [0] * (width - len(f) - len(d)) for f, d in zip(feeds, drafts)],
                           dtype=mask.dtype)
        positions = mask.sum(-1, keepdim=True) + torch.arange(width)  # real tokens before each fed one
        columns = mask.shape[1]
        out = self.model(input_ids=ids, attention_mask=torch.cat([mask, fed], dim=1), position_ids=positions,
                         **with_cache(self.model, cache), use_cache=True)
        greedy = out.logits.argmax(-1).tolist()
        held, keep = [], []  # held: the fed columns each row keeps in its cache
        for i, (row, f, d, g) in enumerate(zip(running, feeds, drafts, greedy)):
            last = len(f) - 1  # the column whose logits predict the row's next token
            if row.fed + len(f) < len(row.tokens):  # a forced run longer than ``jump``: the rest goes next step
                row.fed += len(f)
                held.append(len(f))
                keep.append(i)
                continue
            if row.lock is not None:
                a, new = 0, [row.lock.pick(f[-1], out.logits[i, last])]
            else:
                a = next((j for j, token in enumerate(d) if token != g[last + j]), len(d))
                new = g[last:last + a + 1]  # the tokens one-at-a-time greedy decoding gives
            row.fed += len(f) + a
            held.append(len(f) + a)
            for token in new:
                row.tokens.append(token)
                if self._finished(row):  # asked once a token, as a one-token step would
                    break
            else:
                self._jump(row)
                if not self._finished(row):
                    keep.append(i)
        seconds = (time.perf_counter() - started) / len(running)
        for row in running:
            row.decode_seconds += seconds
        cache = cache_out(out)
        kept = max(held)  # fed columns some row still attends to; the rest of the block goes
        mask = torch.cat([mask, torch.tensor([[1] * h + [0] * (kept - h) for h in held], dtype=mask.dtype)], dim=1)
        if kept < width:
            for layer in cache.layers:
                layer.keys, layer.values = layer.keys[..., :columns + kept, :], layer.values[..., :columns + kept, :]
        for i in sorted(set(range(len(running))) - set(keep)):
            self.on_finish(running[i])
        if len(keep) < len(running):
            if keep:
                cache.batch_select_indices(torch.tensor(keep, dtype=torch.long))
                mask = mask[keep]
                lead = int((mask.sum(0) == 0).long().cumprod(0).sum())  # columns no running row attends to
                if lead:
                    for layer in cache.layers:
                        layer.keys, layer.values = layer.keys[..., lead:, :], layer.values[..., lead:, :]
                    mask = mask[:, lead:]
            running = [running[i] for i in keep]
            if not running:
                cache = mask = None
        return cache, mask, running
