"""``hf:`` backend: a transformers causal LM from a local folder (or the embedded SmolLM2)."""
from __future__ import annotations

import json
import time
from functools import cached_property
from itertools import groupby
from typing import Any, Callable, Sequence

import torch

from edgebench import models
from edgebench.machine import hardware
from edgebench.backends import hf_int8, rolling, span_tagger
from edgebench.decoding import LOCK_FORMAT
from edgebench.backends.base import Backend, GenerateRequest, GenerateResult, ScoreRequest, ScoreResult
from edgebench.errors import EdgeBenchError
from edgebench.parsing import json_settled

DTYPES = {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}
JSON_TYPES = {"object": dict, "array": list}  # GenerateRequest.answer_json names
QUANTIZED = ("int8",)  # int8: dynamic quantization of the Linear layers (weights int8, activations per call)


def resolve_dtype(dtype: str) -> str:
    """``auto``: bfloat16 where the hardware computes it natively, else float32 (bf16 emulated is slow)."""
    if dtype != "auto":
        return dtype
    return "bfloat16" if hardware.native_bf16() else "float32"


def render_prompt(tokenizer: Any, prompt: str, messages: Sequence[tuple[str, str]]) -> str:
    """Chat messages through the tokenizer's chat template when it has one, else plain text.

    Module-level so trainers render training prompts exactly as evaluation does."""
    if not messages:
        return prompt
    if tokenizer.chat_template:
        chat = [{"role": role, "content": content} for role, content in messages]
        return tokenizer.apply_chat_template(chat, tokenize=False, add_generation_prompt=True)
    return "\n\n".join(content for _, content in messages) + "\n"


class _FirstTokenClock:
    """A logits processor that notes when generate() asks for the first new token: the prompt pass
    (prefill) ends there. Duck-typed, so importing this module does not import transformers."""

    def __init__(self) -> None:
        self.first: float | None = None

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        if self.first is None:
            self.first = time.perf_counter()
        return scores


class HFBackend(Backend):
    scheme = "hf"
    lock_layout = LOCK_FORMAT  # its lock is edgebench.decoding's
    # Label characters in one scoring forward: bounds the packed rows' logits (tokens x vocabulary).
    max_score_chars = 8000

    def __init__(self, spec: str, *, batch_size: int = 8, dtype: str = "auto", threads: int | None = None,
                 rolling: bool = True, prompt_lookup: int = 4, jump_forward: int = 4, **settings: Any) -> None:
        dtype = resolve_dtype(dtype)
        super().__init__(spec, batch_size=batch_size, dtype=dtype, threads=threads, rolling=rolling,
                         prompt_lookup=prompt_lookup, jump_forward=jump_forward, **settings)
        if dtype not in DTYPES and dtype not in QUANTIZED:
            raise EdgeBenchError(f"unknown --dtype '{dtype}' for {spec}; use one of auto, {', '.join([*DTYPES, *QUANTIZED])}")
        if threads:
            torch.set_num_threads(threads)
        _, name = models.parse_spec(spec)
        self.folder = models.resolve_hf(name)
        from transformers import AutoModelForCausalLM, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # our own progress bar is the one that matters

        started = time.perf_counter()
        self.tokenizer = AutoTokenizer.from_pretrained(self.folder)
        self.tokenizer.padding_side = "left"  # generation continues from the right edge of every row
        if self.tokenizer.pad_token is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        self.model = AutoModelForCausalLM.from_pretrained(self.folder, dtype=DTYPES.get(dtype, torch.float32)).eval()
        self.quantization = None
        self.int8_tag = ""  # which int8 scheme (hf_int8.describe): another scheme, other answers
        self.parameters = sum(p.numel() for p in self.model.parameters())  # before packing hides int8 weights
        if self._tagger is not None:
            self.parameters += sum(p.numel() for p in self._tagger.parameters())
        if dtype == "int8":
            self.model = hf_int8.quantize_int8(self.model)
            self.quantization, self.int8_tag = hf_int8.describe(self.model)
            if self._tagger is not None:  # the tagger is part of the deployable model: int8 too
                self._tagger = span_tagger.quantize_int8(self._tagger)
                self.quantization += span_tagger.INT8_WORDS
                self.int8_tag += ":int8-tagger"
        self.load_seconds = time.perf_counter() - started

    @classmethod
    def offline_models(cls) -> list[str]:
        from edgebench.shipped_models import registered

        shipped = [f"hf:{name}" for name in sorted(registered())]
        return [f"hf:{alias}" for alias in models.EMBEDDED_ALIASES] + shipped + ["hf:/path/to/hf-model-folder"]

    # -- prompts -------------------------------------------------------------------------------
    def render(self, prompt: str, messages: tuple[tuple[str, str], ...]) -> str:
        return render_prompt(self.tokenizer, prompt, messages)

    def _encode(self, text: str) -> list[int]:
        return self.tokenizer(text, add_special_tokens=False)["input_ids"]

    @staticmethod
    def _position_ids(attention_mask: torch.Tensor) -> torch.Tensor:
        # Left padding: real tokens must keep positions 0..n-1, whatever the padding before them.
        return (attention_mask.cumsum(-1) - 1).clamp(min=0)

    # -- generate ------------------------------------------------------------------------------
    @cached_property
    def _rolling(self) -> bool:
        return bool(self.settings.get("rolling")) and rolling.supported(self.model)

    def queue_depth(self, kind: str) -> int:
        return 4 if kind == "generate" and self._rolling else 1

    def generate(self, requests: Sequence[GenerateRequest]) -> list[GenerateResult]:
        """Requests decode in a rolling batch (rows leave when done, waiting rows join; a JSON-locked row
        feeds the tokens its grammar forces many at once); with ``rolling=False``, or a model whose cache
        cannot roll, through ``model.generate`` batches."""
        results: list[GenerateResult | None] = [None] * len(requests)
        todo: Sequence[int] = range(len(requests))
        if self._tagger is not None:  # span requests the folder's tagger covers: tagged, not generated
            tagged = [i for i in todo if requests[i].span_types and set(requests[i].span_types) <= set(self._tagger.types)]
            self._tag(requests, tagged, results)
            todo = [i for i in todo if results[i] is None]
        if self._rolling:
            rolled = list(todo)
            for i, res in zip(rolled, self._generate_rolling([requests[i] for i in rolled],
                                                             lambda k, res: self.report(rolled[k], res))):
                results[i] = res
            todo = []
        order = sorted(todo, key=lambda i: (requests[i].max_new_tokens, requests[i].stop))
        for (max_new, stop), group in groupby(order, key=lambda i: (requests[i].max_new_tokens, requests[i].stop)):
            idx = list(group)
            for start in range(0, len(idx), self.batch_size):
                chunk = idx[start:start + self.batch_size]
                texts = [self.render(requests[i].prompt, requests[i].messages) for i in chunk]
                schemas = [requests[i].json_schema for i in chunk]
                for i, res in zip(chunk, self._generate_batch(texts, max_new, stop, schemas)):
                    results[i] = res
                    self.report(i, res)
        return results  # type: ignore[return-value]

    @cached_property
    def _tagger(self) -> Any:
        return span_tagger.load(self.folder)

    def _tag(self, requests: Sequence[GenerateRequest], indices: Sequence[int], results: list) -> None:
        """Answer span requests with the tagger: the spans' ``{type, text}`` list as JSON, in text order."""
        for start in range(0, len(indices), self.batch_size):
            chunk = indices[start:start + self.batch_size]
            began = time.perf_counter()
            found = span_tagger.tag_texts(self.model, self.tokenizer, self._tagger, [requests[i].text for i in chunk],
                                          getattr(self.model.config, "max_position_embeddings", None))
            seconds = (time.perf_counter() - began) / len(chunk)
            for i, (spans, n) in zip(chunk, found):
                wanted = [{"type": s["type"], "text": s["text"]} for s in spans if s["type"] in requests[i].span_types]
                results[i] = GenerateResult(text=json.dumps(wanted, ensure_ascii=False), prompt_tokens=n,
                                            seconds=seconds, prefill_seconds=seconds, decode_seconds=0.0)
                self.report(i, results[i])

    @cached_property
    def _eos_ids(self) -> set[int]:
        ids = self.model.generation_config.eos_token_id
        ids = set(ids if isinstance(ids, list) else [] if ids is None else [ids])
        return ids | ({self.tokenizer.eos_token_id} if self.tokenizer.eos_token_id is not None else set())

    def _generate_rolling(self, requests: Sequence[GenerateRequest],
                          on_result: Callable[[int, GenerateResult], None] = lambda k, res: None) -> list[GenerateResult]:
        if not requests:
            return []
        wants = [tuple(JSON_TYPES[t] for t in r.answer_json) for r in requests]

        def done(row: rolling.Row) -> bool:
            req = requests[row.key]
            if not req.stop and not req.answer_json:
                return False
            text = self.tokenizer.decode(row.tokens, skip_special_tokens=True)
            if any(s in text for s in req.stop):
                return True
            return bool(wants[row.key]) and json_settled(text, wants[row.key])

        rows = [rolling.Row(prompt=self._encode(self.render(r.prompt, r.messages)), max_new_tokens=r.max_new_tokens,
                            key=i) for i, r in enumerate(requests)]
        locked = [row for row in rows if requests[row.key].json_schema]
        if locked:  # JSON-lock; its grammar compile time is reported apart, not in prefill
            from edgebench.backends.row_lock import row_locks

            for row, lock in zip(locked, row_locks(self.tokenizer, [requests[r.key].json_schema for r in locked],
                                                   [r.max_new_tokens for r in locked], self.tokenizer.eos_token_id)):
                row.lock = lock
        rows.sort(key=lambda row: len(row.prompt))  # similar lengths prefill together with less padding
        results: list[GenerateResult | None] = [None] * len(requests)

        def finish(row: rolling.Row) -> None:
            n_new = len(row.tokens) - (row.tokens[-1] in self._eos_ids)  # generate() counts no EOS either
            results[row.key] = GenerateResult(
                text=_cut_at_stop(self.tokenizer.decode(row.tokens, skip_special_tokens=True), requests[row.key].stop),
                prompt_tokens=len(row.prompt), completion_tokens=n_new,
                seconds=row.prefill_seconds + row.decode_seconds, prefill_seconds=row.prefill_seconds,
                decode_seconds=row.decode_seconds)
            if row.lock is not None:
                results[row.key].lock_compile_seconds = row.lock.compile_seconds
                results[row.key].lock_seconds = row.lock.seconds
            on_result(row.key, results[row.key])

        decoder = rolling.RollingDecoder(self.model, batch_size=self.batch_size, eos_ids=self._eos_ids,
                                         pad_id=self.tokenizer.pad_token_id, done=done, on_finish=finish,
                                         lookup=int(self.settings.get("prompt_lookup") or 0),
                                         jump=int(self.settings.get("jump_forward", 4) or 1))
        decoder.run(rows)
        return results  # type: ignore[return-value]

    @torch.inference_mode()
    def _generate_batch(self, texts: list[str], max_new_tokens: int, stop: tuple[str, ...],
                        schemas: Sequence[str | None] = ()) -> list[GenerateResult]:
        lock = None
        if any(schemas):  # JSON-lock; its grammar compile time is reported apart, not in prefill
            from edgebench.decoding import lock_processor

            lock = lock_processor(self.tokenizer, schemas, max_new_tokens=max_new_tokens)
        started = time.perf_counter()
        enc = self.tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=False)
        from transformers import LogitsProcessorList

        clock = _FirstTokenClock()
        kwargs: dict[str, Any] = {"logits_processor": LogitsProcessorList([clock])}
        if stop:
            kwargs.update(stop_strings=list(stop), tokenizer=self.tokenizer)
        if lock is not None:
            kwargs.setdefault("logits_processor", []).append(lock)
        out = self.model.generate(**enc, max_new_tokens=max_new_tokens, do_sample=False,
                                  pad_token_id=self.tokenizer.pad_token_id, **kwargs)
        ended = time.perf_counter()
        seconds = (ended - started) / len(texts)
        first = clock.first or ended
        prefill, decode = (first - started) / len(texts), (ended - first) / len(texts)
        new_tokens = out[:, enc["input_ids"].shape[1]:]
        results = []
        for row, mask_row in zip(new_tokens, enc["attention_mask"]):
            text = _cut_at_stop(self.tokenizer.decode(row, skip_special_tokens=True), stop)
            n_new = int((row != self.tokenizer.pad_token_id).sum())
            results.append(GenerateResult(text=text, prompt_tokens=int(mask_row.sum()), completion_tokens=n_new,
                                          seconds=seconds, prefill_seconds=prefill, decode_seconds=decode))
        if lock is not None:
            for res, compile_seconds in zip(results, lock.compile_seconds):
                res.lock_compile_seconds = compile_seconds
                res.lock_seconds = lock.seconds / len(results)
        return results

    # -- score ---------------------------------------------------------------------------------
    def score(self, requests: Sequence[ScoreRequest]) -> list[ScoreResult]:
        """Sum log-probability of every continuation after its request's context.

        The contexts run once (batched, left-padded). Then each request's continuations run as ONE
        packed row against its context's KV cache, with a tree-shaped 4D attention mask (a label
        token sees the context and its own label's earlier tokens, never another label's), so K
        labels cost one context pass plus one row of their summed length: no copy of the cache
        per label, no padding per label."""
        started = time.perf_counter()
        results: list[ScoreResult] = []
        chunk: list[ScoreRequest] = []
        budget = 0
        for req in requests:
            size = sum(len(c) for c in req.continuations)  # characters: a cheap proxy for tokens
            if chunk and (len(chunk) >= self.batch_size or budget + size > self.max_score_chars):
                results.extend(self._score_batch(chunk))
                chunk, budget = [], 0
            chunk.append(req)
            budget += size
        if chunk:
            results.extend(self._score_batch(chunk))
        seconds = (time.perf_counter() - started) / max(len(requests), 1)
        for res in results:
            res.seconds = seconds
        return results

    def _tree_mask(self, ctx_mask: torch.Tensor, label_id: torch.Tensor, offset: torch.Tensor) -> torch.Tensor:
        """(B, 1, L, W+L) mask: query j attends to the real context tokens and to key k <= j of its own label."""
        same_label = (label_id.unsqueeze(-1) == label_id.unsqueeze(-2)) & (label_id.unsqueeze(-1) >= 0)
        causal = offset.unsqueeze(-1) >= offset.unsqueeze(-2)
        width = label_id.shape[1]
        ctx = ctx_mask.bool().unsqueeze(1).expand(-1, width, -1)
        allowed = torch.cat([ctx, same_label & causal], dim=-1).unsqueeze(1)
        if self.model.config._attn_implementation == "sdpa":
            return allowed  # sdpa takes a boolean mask (True = attend)
        return torch.zeros(allowed.shape, dtype=self.model.dtype).masked_fill(~allowed, torch.finfo(self.model.dtype).min)

    @torch.inference_mode()
    def _score_batch(self, requests: list[ScoreRequest]) -> list[ScoreResult]:
        pad = self.tokenizer.pad_token_id
        contexts = [self._encode(self.render(r.prompt, r.messages)) or [self.tokenizer.eos_token_id] for r in requests]
        conts = [[self._encode(c) for c in r.continuations] for r in requests]
        if any(not c for row in conts for c in row):
            raise EdgeBenchError(f"{self.spec}: an empty continuation cannot be scored")
        # 1. contexts, left-padded so every row's last column is its last real token
        width = max(len(c) for c in contexts)
        ctx_ids = torch.tensor([[pad] * (width - len(c)) + c for c in contexts])
        ctx_mask = torch.tensor([[0] * (width - len(c)) + [1] * len(c) for c in contexts])
        out = self.model(input_ids=ctx_ids, attention_mask=ctx_mask, position_ids=self._position_ids(ctx_mask),
                         use_cache=True, logits_to_keep=1)
        first = torch.log_softmax(out.logits[:, -1].float(), dim=-1)
        # 2. each request's continuations packed in one row: token ids, label index, offset in label
        packed = [[(tok, k, j) for k, c in enumerate(row) for j, tok in enumerate(c)] for row in conts]
        length = max(len(p) for p in packed)
        cont_ids = torch.tensor([[t for t, _, _ in p] + [pad] * (length - len(p)) for p in packed])
        label_id = torch.tensor([[k for _, k, _ in p] + [-1] * (length - len(p)) for p in packed])
        offset = torch.tensor([[j for _, _, j in p] + [0] * (length - len(p)) for p in packed])
        positions = ctx_mask.sum(-1, keepdim=True) + offset
        logits = self.model(input_ids=cont_ids, attention_mask=self._tree_mask(ctx_mask, label_id, offset),
                            position_ids=positions, **rolling.with_cache(self.model, rolling.cache_out(out)),
                            use_cache=False).logits
        logp = torch.log_softmax(logits.float(), dim=-1)
        results = []
        for b, row in enumerate(conts):
            scores, start = [], 0
            for c in row:
                total = float(first[b, c[0]])
                if len(c) > 1:  # column start+j-1 predicts the label's token j
                    cols = torch.arange(start, start + len(c) - 1)
                    total += float(logp[b, cols, torch.tensor(c[1:])].sum())
                scores.append(total)
                start += len(c)
            # prompt_tokens: every token this request's forwards read (its context once, then each label)
            results.append(ScoreResult(logprobs=scores, num_tokens=[len(c) for c in row],
                                       prompt_tokens=len(contexts[b]) + len(packed[b])))
        return results

    # -- info ----------------------------------------------------------------------------------
    @cached_property
    def _hash(self) -> str:
        return models.weights_hash(self.folder)

    def info(self) -> dict[str, Any]:
        source = str(self.folder)
        if self.folder == models.embedded_folder():
            source = f"{models.embedded_gguf()} (converted to {self.folder})"
        return {
            "backend": self.scheme,
            "spec": self.spec,
            "source": source,
            "parameters": self.parameters,
            # a quantized variant: the bytes its weights take saved (torch.save), not the fp32 folder's
            "bytes_on_disk": self._quantized_bytes() if self.quantization else models.folder_bytes(self.folder),
            "dtype": self.settings["dtype"],
            "quantization": self.quantization,
            "threads": torch.get_num_threads(),
            "load_seconds": round(self.load_seconds, 3),
            "hash": self._hash,
            "answer_files_hash": self._answer_files_hash,
        }

    def _quantized_bytes(self) -> int:
        # the span tagger's included: NLM-5M-Filter's 5 MB budget is the whole deployable's
        tagger = hf_int8.saved_bytes(self._tagger) if self._tagger is not None else 0
        return hf_int8.saved_bytes(self.model) + tagger

    @cached_property
    def _answer_files_hash(self) -> str:
        return models.answer_files_hash(self.folder)

    def cache_namespace(self) -> str:
        # Same weights in another precision, or another int8 scheme, give other answers; so does an
        # edited chat template, tokenizer or generation config beside the same weights.
        return (f"{self._hash}:{self._answer_files_hash[:16]}:{self.settings['dtype']}"
                f"{self.int8_tag}")


def _cut_at_stop(text: str, stop: Sequence[str]) -> str:
    """The text before the first stop string in it (generation runs a little past it)."""
    cut = min((text.find(s) for s in stop if s in text), default=-1)
    return text[:cut] if cut >= 0 else text
