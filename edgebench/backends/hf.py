"""``hf:`` backend: a transformers causal LM from a local folder (or the embedded SmolLM2)."""
from __future__ import annotations

import time
from functools import cached_property
from itertools import groupby
from typing import Any, Sequence

import torch

from edgebench import hardware, models
from edgebench.backends.base import Backend, GenerateRequest, GenerateResult, ScoreRequest, ScoreResult
from edgebench.errors import EdgeBenchError

DTYPES = {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}
QUANTIZED = ("int8",)  # int8: dynamic quantization of the Linear layers (weights int8, activations per call)


def resolve_dtype(dtype: str) -> str:
    """``auto``: bfloat16 where the hardware computes it natively, else float32 (bf16 emulated is slow)."""
    if dtype != "auto":
        return dtype
    return "bfloat16" if hardware.native_bf16() else "float32"


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
    max_score_rows = 256  # label rows in one scoring forward: bounds the logits' memory

    def __init__(self, spec: str, *, batch_size: int = 8, dtype: str = "auto", threads: int | None = None,
                 **settings: Any) -> None:
        dtype = resolve_dtype(dtype)
        super().__init__(spec, batch_size=batch_size, dtype=dtype, threads=threads, **settings)
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
        if dtype == "int8":
            self.model = _quantize_int8(self.model)
            self.quantization = "int8-dynamic (torch.ao, Linear layers)"
        self.load_seconds = time.perf_counter() - started

    @classmethod
    def offline_models(cls) -> list[str]:
        return [f"hf:{alias}" for alias in models.EMBEDDED_ALIASES] + ["hf:/path/to/hf-model-folder"]

    # -- prompts -------------------------------------------------------------------------------
    def render(self, prompt: str, messages: tuple[tuple[str, str], ...]) -> str:
        """Chat messages through the model's chat template when it has one, else plain text."""
        if not messages:
            return prompt
        if self.tokenizer.chat_template:
            chat = [{"role": role, "content": content} for role, content in messages]
            return self.tokenizer.apply_chat_template(chat, tokenize=False, add_generation_prompt=True)
        return "\n\n".join(content for _, content in messages) + "\n"

    def _encode(self, text: str) -> list[int]:
        return self.tokenizer(text, add_special_tokens=False)["input_ids"]

    @staticmethod
    def _position_ids(attention_mask: torch.Tensor) -> torch.Tensor:
        # Left padding: real tokens must keep positions 0..n-1, whatever the padding before them.
        return (attention_mask.cumsum(-1) - 1).clamp(min=0)

    # -- generate ------------------------------------------------------------------------------
    def generate(self, requests: Sequence[GenerateRequest]) -> list[GenerateResult]:
        results: list[GenerateResult | None] = [None] * len(requests)
        order = sorted(range(len(requests)), key=lambda i: (requests[i].max_new_tokens, requests[i].stop))
        for (max_new, stop), group in groupby(order, key=lambda i: (requests[i].max_new_tokens, requests[i].stop)):
            idx = list(group)
            for start in range(0, len(idx), self.batch_size):
                chunk = idx[start:start + self.batch_size]
                texts = [self.render(requests[i].prompt, requests[i].messages) for i in chunk]
                schemas = [requests[i].json_schema for i in chunk]
                for i, res in zip(chunk, self._generate_batch(texts, max_new, stop, schemas)):
                    results[i] = res
        return results  # type: ignore[return-value]

    @torch.inference_mode()
    def _generate_batch(self, texts: list[str], max_new_tokens: int, stop: tuple[str, ...],
                        schemas: Sequence[str | None] = ()) -> list[GenerateResult]:
        lock = None
        if any(schemas):  # JSON-lock; its grammar compile time is reported apart, not in prefill
            from edgebench.decoding import lock_processor

            lock = lock_processor(self.tokenizer, schemas)
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
            text = self.tokenizer.decode(row, skip_special_tokens=True)
            cut = min((text.find(s) for s in stop if s in text), default=-1)
            if cut >= 0:
                text = text[:cut]
            n_new = int((row != self.tokenizer.pad_token_id).sum())
            results.append(GenerateResult(text=text, prompt_tokens=int(mask_row.sum()), completion_tokens=n_new,
                                          seconds=seconds, prefill_seconds=prefill, decode_seconds=decode))
        if lock is not None:
            for res, compile_seconds in zip(results, lock.compile_seconds):
                res.lock_compile_seconds = compile_seconds
        return results

    # -- score ---------------------------------------------------------------------------------
    def score(self, requests: Sequence[ScoreRequest]) -> list[ScoreResult]:
        """Sum log-probability of every continuation after its request's context.

        The contexts run once (batched, left-padded); their KV cache is then repeated for every
        continuation, so K labels cost one context pass plus K short rows, not K full sequences."""
        started = time.perf_counter()
        results: list[ScoreResult | None] = [None] * len(requests)
        order = sorted(range(len(requests)), key=lambda i: len(requests[i].continuations))
        for n_cont, group in groupby(order, key=lambda i: len(requests[i].continuations)):
            idx = list(group)
            step = max(1, self.max_score_rows // max(n_cont, 1))  # bounds the label rows per forward
            for start in range(0, len(idx), step):
                chunk = idx[start:start + step]
                for i, res in zip(chunk, self._score_batch([requests[i] for i in chunk])):
                    results[i] = res
        seconds = (time.perf_counter() - started) / max(len(requests), 1)
        for res in results:
            res.seconds = seconds  # type: ignore[union-attr]
        return results  # type: ignore[return-value]

    @torch.inference_mode()
    def _score_batch(self, requests: list[ScoreRequest]) -> list[ScoreResult]:
        pad = self.tokenizer.pad_token_id
        contexts = [self._encode(self.render(r.prompt, r.messages)) or [self.tokenizer.eos_token_id] for r in requests]
        n_cont = len(requests[0].continuations)
        conts = [self._encode(c) for r in requests for c in r.continuations]  # request-major, K per request
        if any(not c for c in conts):
            raise EdgeBenchError(f"{self.spec}: an empty continuation cannot be scored")
        # 1. contexts, left-padded so every row's last column is its last real token
        width = max(len(c) for c in contexts)
        ctx_ids = torch.tensor([[pad] * (width - len(c)) + c for c in contexts])
        ctx_mask = torch.tensor([[0] * (width - len(c)) + [1] * len(c) for c in contexts])
        out = self.model(input_ids=ctx_ids, attention_mask=ctx_mask, position_ids=self._position_ids(ctx_mask),
                         use_cache=True, logits_to_keep=1)
        first = torch.log_softmax(out.logits[:, -1].float(), dim=-1)
        cache = out.past_key_values
        cache.batch_repeat_interleave(n_cont)
        # 2. every continuation against its context's cache, right-padded
        c_width = max(len(c) for c in conts)
        cont_ids = torch.tensor([c + [pad] * (c_width - len(c)) for c in conts])
        cont_mask = torch.tensor([[1] * len(c) + [0] * (c_width - len(c)) for c in conts])
        mask = torch.cat([ctx_mask.repeat_interleave(n_cont, dim=0), cont_mask], dim=1)
        ctx_lens = ctx_mask.sum(-1).repeat_interleave(n_cont).unsqueeze(-1)
        positions = ctx_lens + torch.arange(c_width).unsqueeze(0)
        logits = self.model(input_ids=cont_ids, attention_mask=mask, position_ids=positions,
                            past_key_values=cache, use_cache=False).logits[:, :-1].float()
        # Column j predicts continuation token j+1; gather before normalising keeps memory at one logits copy.
        targets = cont_ids[:, 1:].unsqueeze(-1)
        token_lp = (logits.gather(-1, targets).squeeze(-1) - torch.logsumexp(logits, dim=-1)) * cont_mask[:, 1:]
        first_lp = first.repeat_interleave(n_cont, dim=0).gather(-1, cont_ids[:, :1]).squeeze(-1)
        totals = (first_lp + token_lp.sum(-1)).tolist()
        # prompt_tokens: every token this request's forwards read (its context once, then each label)
        results = [ScoreResult(logprobs=[], num_tokens=[], prompt_tokens=len(c)) for c in contexts]
        for row, c in enumerate(conts):
            results[row // n_cont].logprobs.append(totals[row])
            results[row // n_cont].num_tokens.append(len(c))
            results[row // n_cont].prompt_tokens += len(c)
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
            "parameters": sum(p.numel() for p in self.model.parameters()),
            "bytes_on_disk": models.folder_bytes(self.folder),
            "dtype": self.settings["dtype"],
            "quantization": self.quantization,
            "threads": torch.get_num_threads(),
            "load_seconds": round(self.load_seconds, 3),
            "hash": self._hash,
        }

    def cache_namespace(self) -> str:
        # Same weights in another precision give other answers.
        return f"{self._hash}:{self.settings['dtype']}"


def _quantize_int8(model: torch.nn.Module) -> torch.nn.Module:
    """Dynamic int8 of every Linear but the LM head (tied to the embeddings in small models, and the
    logits it makes are what scoring reads)."""
    import warnings

    from torch.ao.quantization import quantize_dynamic

    head = model.get_output_embeddings()
    linear_names = {name for name, mod in model.named_modules() if isinstance(mod, torch.nn.Linear) and mod is not head}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch.ao's deprecation notice: torchao is its successor, not yet a dep
        return quantize_dynamic(model, linear_names, dtype=torch.qint8)
