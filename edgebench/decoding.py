"""JSON-lock: schema-constrained decoding through a grammar engine.

A locked row may only pick tokens that keep its output a prefix of some JSON value its schema
accepts, and gets EOS once that value is complete. Two things make a locked output close:
- ``schema_bounds.bound_schema`` bounds everything a grammar would let run on (strings, number digits, array
  lengths, free object keys), and the grammar writes ``json.dumps``' layout (``LOCK_FORMAT``);
- the token budget: when the next token would leave too few tokens to finish the value, the row
  writes a short ending instead (closing quotes and brackets, required keys with minimal values),
  so the value is complete by ``max_new_tokens`` (``JsonLockProcessor`` has the fine print).

Engines plug in through ``ENGINES``; the default is llguidance. The hf backend's one entry point is
``lock_processor``: a transformers logits processor for one left-padded batch, one schema (or None
for an unlocked row) per row.
"""
from __future__ import annotations

import json
import time
import weakref
from collections import OrderedDict
from typing import Any, Callable, Mapping, Protocol, Sequence

import numpy as np
import torch
from transformers import LogitsProcessor

from edgebench.errors import EdgeBenchError
from edgebench.schema_bounds import Bounds, bound_schema, exact_date, map_schema

# ", " and ": ", no other whitespace: the layout of every gold answer, so of every trained target.
# The hf backend's ``lock_layout``, in a locked request's cache key: another layout is computed again.
LOCK_FORMAT = "json-dumps-spaced"
_LAYOUT = {"whitespace_flexible": False, "item_separator": ", ", "key_separator": ": "}

# -- engines -----------------------------------------------------------------------------------
class GrammarMatcher(Protocol):
    """One row's position in its grammar."""

    def consume(self, token: int) -> bool: ...  # False: the token was not allowed (matcher now in error)

    def is_accepting(self) -> bool: ...  # the output so far is a complete value

    def is_stopped(self) -> bool: ...  # nothing but EOS may follow (also true in error)

    def error(self) -> str: ...  # "" unless in error

    def copy(self) -> "GrammarMatcher": ...

    def ending(self, limit: int) -> list[int] | None:
        """Tokens of a short way to complete the value from here (no EOS), or None if over ``limit``."""


class GrammarEngine(Protocol):
    """Schemas -> matchers over one tokenizer's vocabulary."""

    vocab_size: int

    def compile(self, schema: Mapping[str, Any]) -> GrammarMatcher: ...  # a fresh matcher at the start

    def allowed_tokens(self, matchers: Sequence[GrammarMatcher]) -> np.ndarray:
        """Bool ``[len(matchers), vocab_size]``: row i holds the tokens matcher i allows next."""


# The ending walk tries these one-character tokens in order: a quote closes a string, "a" fills one
# that must not be empty, closers end containers, "," ends a number, then whatever a value needs.
ENDING_CHARS = '"a}],0123456789{[:' + "bcdefghijklmnopqrstuvwxyz" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ" + "-._ "


class _LLGMatcher:
    def __init__(self, inner: Any, ending_tokens: list[int]) -> None:
        self.inner = inner
        self._ending_tokens = ending_tokens

    def consume(self, token: int) -> bool:
        return self.inner.consume_token(token)

    def is_accepting(self) -> bool:
        return self.inner.is_accepting()

    def is_stopped(self) -> bool:
        return self.inner.is_stopped()

    def error(self) -> str:
        return self.inner.get_error()

    def copy(self) -> "_LLGMatcher":
        return _LLGMatcher(self.inner.deep_copy(), self._ending_tokens)

    def ending(self, limit: int) -> list[int] | None:
        # Greedy, not shortest: forced bytes first (they come as few multi-character tokens), else
        # the first one-character token the grammar takes. Bounded schemas make every walk finite.
        probe = self.inner.deep_copy()
        path: list[int] = []
        while not (probe.is_stopped() or probe.is_accepting()):
            if len(path) >= limit:
                return None
            forced = probe.compute_ff_tokens()
            if forced:
                probe.consume_tokens(forced)
                path += forced
                continue
            token = next((t for t in self._ending_tokens if probe.try_consume_tokens([t]) == 1), None)
            if token is None:  # no one-character step: take the first token the grammar allows
                allowed = np.unpackbits(np.frombuffer(probe.compute_bitmask(), dtype=np.uint8), bitorder="little")
                token = int(np.flatnonzero(allowed)[0])
                probe.consume_token(token)
            path.append(token)
        return path if len(path) <= limit else None


class LLGuidanceEngine:
    """llguidance over a Hugging Face fast tokenizer; compiled grammars are cached per schema."""

    cache_size = 512  # schemas kept compiled (funccall offers a different function set per row)

    def __init__(self, tokenizer: Any, eos_token_id: int) -> None:
        import llguidance.hf

        try:
            self.tokenizer = llguidance.hf.from_tokenizer(tokenizer, eos_token=eos_token_id)
        except ValueError as exc:
            raise EdgeBenchError(f"JSON-lock needs a fast tokenizer (tokenizer.json) in the model folder ({exc})") from None
        self.vocab_size = self.tokenizer.vocab_size
        self._ending_tokens = [ids[0] for ids in map(self.tokenizer.tokenize_str, ENDING_CHARS) if len(ids) == 1]
        self._compiled: OrderedDict[str, Any] = OrderedDict()

    def compile(self, schema: Mapping[str, Any]) -> _LLGMatcher:
        import llguidance

        key = json.dumps(schema, sort_keys=True)
        proto = self._compiled.get(key)
        if proto is None:
            exact = map_schema(schema, exact_date)
            # Fixed separators: free whitespace lets a small model ramble; compact JSON is not what it was shown.
            grammar = llguidance.LLMatcher.grammar_from_json_schema(exact, overrides=_LAYOUT)
            proto = llguidance.LLMatcher(self.tokenizer, grammar, log_level=0)  # never raises: errors are a state
            if proto.is_error():
                title = schema.get("title") or key[:60]
                problem = proto.get_error().splitlines()[0]
                raise EdgeBenchError(f"JSON-lock: llguidance cannot compile schema '{title}' ({problem}); "
                                     f"simplify the schema or run without --json-lock")
            self._compiled[key] = proto
            if len(self._compiled) > self.cache_size:
                self._compiled.popitem(last=False)
        else:
            self._compiled.move_to_end(key)
        return _LLGMatcher(proto.deep_copy(), self._ending_tokens)  # a copy costs microseconds, a compile milliseconds

    def allowed_tokens(self, matchers: Sequence[GrammarMatcher]) -> np.ndarray:
        from llguidance.torch import allocate_token_bitmask, fill_next_token_bitmask

        bits = allocate_token_bitmask(len(matchers), self.vocab_size)
        # One by one: tens of microseconds each, and on a few cores faster than the thread pool's handoff.
        for i, matcher in enumerate(matchers):
            fill_next_token_bitmask(matcher.inner, bits, i)  # type: ignore[attr-defined]
        # Bit j of 32-bit word w is token 32*w + j: little-endian bytes, unpacked low bit first.
        return np.unpackbits(bits.numpy().view(np.uint8), axis=-1, bitorder="little")[:, :self.vocab_size].astype(bool)


ENGINES: dict[str, Callable[[Any, int], GrammarEngine]] = {"llguidance": LLGuidanceEngine}
_engines: "weakref.WeakKeyDictionary[Any, dict[tuple[str, int], GrammarEngine]]" = weakref.WeakKeyDictionary()


def get_engine(tokenizer: Any, eos_token_id: int, name: str = "llguidance") -> GrammarEngine:
    """The engine for this tokenizer, made once (wrapping a vocabulary takes about a second)."""
    if name not in ENGINES:
        raise EdgeBenchError(f"unknown JSON-lock engine '{name}'; available: {', '.join(ENGINES)}")
    per_tokenizer = _engines.setdefault(tokenizer, {})
    if (name, eos_token_id) not in per_tokenizer:
        per_tokenizer[(name, eos_token_id)] = ENGINES[name](tokenizer, eos_token_id)
    return per_tokenizer[(name, eos_token_id)]


# -- the logits processor ------------------------------------------------------------------------
class JsonLockProcessor(LogitsProcessor):
    """Masks each locked row's logits to its grammar and forces EOS once the row's value is complete.

    For one ``generate`` call without beams: row i of the batch is matcher i (None: an unlocked row,
    left alone). Composes with other processors in a ``LogitsProcessorList`` (put it last).

    With ``max_new_tokens``, a row whose next token (the highest allowed logit) would leave fewer
    tokens than its ending needs writes that ending instead. Exact for greedy decoding once a row
    is within ``watch_margin`` tokens of needing its ending; before that it is checked every
    ``check_every`` steps, which is safe while no 8 tokens open more than 64 tokens of required
    structure. A budget below the schema's shortest value cannot be met: such a row is cut off."""

    watch_margin = 64  # within this many tokens of what its ending needs, a row is checked every step
    check_every = 8    # farther away, this often (finding an ending costs up to about a millisecond)

    def __init__(self, engine: GrammarEngine, matchers: Sequence[GrammarMatcher | None], eos_token_id: int,
                 compile_seconds: Sequence[float | None], max_new_tokens: int | None = None) -> None:
        self.engine = engine
        self.matchers = list(matchers)
        self.eos_token_id = eos_token_id
        self.max_new_tokens = max_new_tokens
        self.compile_seconds = list(compile_seconds)  # per row; None for unlocked rows
        self.errors: list[str | None] = [None] * len(self.matchers)  # a matcher's error, if it hit one
        self.ended = [False] * len(self.matchers)  # rows that were closed early to fit the budget
        self._finished = [m is None for m in self.matchers]  # unlocked rows count as finished: never touched
        self._ending: list[list[int]] = [[] for _ in self.matchers]  # tokens still to force, per row
        self._room = [0] * len(self.matchers)  # tokens the row's ending needed at its last check
        self._checked = [-self.check_every] * len(self.matchers)  # step of each row's last check
        self._step = 0  # calls so far = new tokens so far
        self.seconds = 0.0  # time spent in this processor: the lock's own cost per decoded token

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        started = time.perf_counter()
        try:
            return self._mask(input_ids, scores)
        finally:
            self.seconds += time.perf_counter() - started

    def _mask(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        if input_ids.shape[0] != len(self.matchers):
            raise EdgeBenchError(f"JSON-lock: batch has {input_ids.shape[0]} rows but {len(self.matchers)} schemas "
                                 f"were given; use one row per request (no beam search)")
        if self._step:  # every call but the first: the previous step's tokens are the last column
            self._consume(input_ids[:, -1].tolist())
        left = None if self.max_new_tokens is None else self.max_new_tokens - self._step  # this token included
        self._step += 1
        locked = [i for i, m in enumerate(self.matchers) if m is not None]
        if not locked:
            return scores
        free = [i for i in locked if not self._finished[i] and not self._ending[i]]
        # All edits in numpy on the logits' own memory: single-threaded, where every small torch op
        # would start the thread pool (milliseconds each on a busy CPU).
        shared = scores.dtype == torch.float32 and scores.device.type == "cpu" and scores.is_contiguous()
        logits = scores.numpy() if shared else scores.detach().float().cpu().numpy()
        vocab = self.engine.vocab_size
        if free:
            allowed = self.engine.allowed_tokens([self.matchers[i] for i in free])
            for row, i in enumerate(free):
                np.putmask(logits[i, :vocab], ~allowed[row], -np.inf)
                logits[i, vocab:] = -np.inf  # logits past the tokenizer's vocabulary (padding)
                if left is not None:
                    self._fit_budget(i, logits[i], left)
        for i in locked:
            if self._finished[i] or self._ending[i]:  # forced: the ending's next token, or EOS once complete
                token = self._ending[i][0] if self._ending[i] else self.eos_token_id
                logits[i] = -np.inf
                logits[i, token] = 0.0
        if not shared:
            scores.copy_(torch.from_numpy(logits))
        return scores

    def _fit_budget(self, i: int, row: np.ndarray, left: int) -> None:
        """Start row i's ending now if its greedy next token would leave too little room to finish."""
        if left > self._room[i] + self.watch_margin and self._step - self._checked[i] < self.check_every:
            return
        choice = int(row.argmax())
        if choice == self.eos_token_id:
            return
        probe = self.matchers[i].copy()  # type: ignore[union-attr]
        probe.consume(choice)
        after = probe.ending(left - 1)
        if after is not None:
            self._room[i], self._checked[i] = len(after), self._step
            return
        ending = self.matchers[i].ending(left)  # type: ignore[union-attr]
        if ending is not None:  # None: the budget was short of the shortest value from the start
            self._ending[i] = ending
            self.ended[i] = True
            if not ending:
                self._finished[i] = True

    def _consume(self, tokens: list[int]) -> None:
        for i, matcher in enumerate(self.matchers):
            if matcher is None or self._finished[i]:
                continue
            if self._ending[i]:
                self._ending[i].pop(0)
            if tokens[i] == self.eos_token_id:
                self._finished[i] = True
            elif not matcher.consume(tokens[i]):  # cannot happen with the mask applied; kept visible if it does
                self._finished[i] = True
                self.errors[i] = matcher.error() or f"token {tokens[i]} refused"
            elif matcher.is_stopped() or (self.ended[i] and not self._ending[i]):
                self._finished[i] = True


def lock_processor(tokenizer: Any, schemas: Sequence[str | None], *, max_new_tokens: int | None = None,
                   bounds: Bounds = Bounds(), eos_token_id: int | None = None,
                   engine: str = "llguidance") -> JsonLockProcessor:
    """The JSON-lock for one batch: ``schemas[i]`` is row i's schema as JSON text, or None (unlocked).

    Give ``max_new_tokens`` (the generate call's) so a locked value ends within it. Each schema goes
    through ``bound_schema`` and is compiled once per tokenizer and schema text (then copied);
    ``.compile_seconds[i]`` is the time row i's matcher took to get."""
    eos = tokenizer.eos_token_id if eos_token_id is None else eos_token_id
    if eos is None:
        raise EdgeBenchError("JSON-lock needs an EOS token to end a locked row; the model's tokenizer has none")
    grammar_engine = get_engine(tokenizer, eos, engine)
    matchers: list[GrammarMatcher | None] = []
    seconds: list[float | None] = []
    for text in schemas:
        if text is None:
            matchers.append(None)
            seconds.append(None)
            continue
        started = time.perf_counter()
        try:
            schema = json.loads(text)
        except json.JSONDecodeError as exc:
            raise EdgeBenchError(f"JSON-lock: a request's json_schema is not valid JSON ({exc.msg}); "
                                 f"fix the task's schema") from None
        matchers.append(grammar_engine.compile(bound_schema(schema, bounds)))
        seconds.append(time.perf_counter() - started)
    return JsonLockProcessor(grammar_engine, matchers, eos, seconds, max_new_tokens)
