"""``hf:`` backend: a transformers causal LM from a local folder (or the embedded SmolLM2)."""
from __future__ import annotations

import time
from functools import cached_property
from itertools import groupby
from typing import Any, Sequence

import torch

from edgebench import models
from edgebench.backends.base import Backend, GenerateRequest, GenerateResult, ScoreRequest, ScoreResult
from edgebench.errors import EdgeBenchError

DTYPES = {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}


class HFBackend(Backend):
    scheme = "hf"
    max_score_rows = 256  # label rows in one scoring forward: bounds the logits' memory

    def __init__(self, spec: str, *, batch_size: int = 8, dtype: str = "float32", **settings: Any) -> None:
        super().__init__(spec, batch_size=batch_size, dtype=dtype, **settings)
        if dtype not in DTYPES:
            raise EdgeBenchError(f"unknown --dtype '{dtype}' for {spec}; use one of {', '.join(DTYPES)}")
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
        self.model = AutoModelForCausalLM.from_pretrained(self.folder, dtype=DTYPES[dtype]).eval()
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
        if any(r.json_schema for r in requests):
            raise EdgeBenchError(f"{self.spec}: schema-locked generation is not available in the hf backend yet")
        results: list[GenerateResult | None] = [None] * len(requests)
        order = sorted(range(len(requests)), key=lambda i: (requests[i].max_new_tokens, requests[i].stop))
        for (max_new, stop), group in groupby(order, key=lambda i: (requests[i].max_new_tokens, requests[i].stop)):
            idx = list(group)
            for start in range(0, len(idx), self.batch_size):
                chunk = idx[start:start + self.batch_size]
                texts = [self.render(requests[i].prompt, requests[i].messages) for i in chunk]
                for i, res in zip(chunk, self._generate_batch(texts, max_new, stop)):
                    results[i] = res
        return results  # type: ignore[return-value]

    @torch.inference_mode()
    def _generate_batch(self, texts: list[str], max_new_tokens: int, stop: tuple[str, ...]) -> list[GenerateResult]:
        started = time.perf_counter()
        enc = self.tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=False)
        kwargs: dict[str, Any] = {}
        if stop:
            kwargs.update(stop_strings=list(stop), tokenizer=self.tokenizer)
        out = self.model.generate(**enc, max_new_tokens=max_new_tokens, do_sample=False,
                                  pad_token_id=self.tokenizer.pad_token_id, **kwargs)
        seconds = (time.perf_counter() - started) / len(texts)
        new_tokens = out[:, enc["input_ids"].shape[1]:]
        results = []
        for row, mask_row in zip(new_tokens, enc["attention_mask"]):
            text = self.tokenizer.decode(row, skip_special_tokens=True)
            cut = min((text.find(s) for s in stop if s in text), default=-1)
            if cut >= 0:
                text = text[:cut]
            n_new = int((row != self.tokenizer.pad_token_id).sum())
            results.append(GenerateResult(text=text, prompt_tokens=int(mask_row.sum()),
                                          completion_tokens=n_new, seconds=seconds))
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
        results = [ScoreResult(logprobs=[], num_tokens=[]) for _ in requests]
        for row, c in enumerate(conts):
            results[row // n_cont].logprobs.append(totals[row])
            results[row // n_cont].num_tokens.append(len(c))
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
            "dtype": str(self.model.dtype).removeprefix("torch."),
            "quantization": None,
            "load_seconds": round(self.load_seconds, 3),
            "hash": self._hash,
        }

    def cache_namespace(self) -> str:
        # Same weights in another precision give other answers.
        return f"{self._hash}:{self.settings['dtype']}"
