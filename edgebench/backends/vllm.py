"""``vllm:`` backend: a local Hugging Face folder (or the embedded SmolLM2) served by vLLM, for GPU machines.

vLLM is an optional extra (``pip install 'edgebench[vllm]'``) and is imported only when a ``vllm:``
backend is built, so registering the scheme costs nothing where it is missing. Prompts are tokenized
here, with the model's own tokenizer and no added special tokens, exactly as the ``hf`` backend does,
so both backends see the same token ids. Checked in tests against a stand-in vLLM module only: run it
on a GPU machine before trusting its figures.
"""
from __future__ import annotations

import importlib.util
import json
import time
from functools import cached_property
from pathlib import Path
from typing import Any, Sequence

from edgebench import models
from edgebench.backends.base import Backend, GenerateRequest, GenerateResult, ScoreRequest, ScoreResult
from edgebench.errors import EdgeBenchError

DTYPES = ("auto", "float16", "bfloat16", "float32")


def import_vllm(spec: str):
    """The ``vllm`` module, or one line saying how to install it."""
    try:
        import vllm
    except ImportError:
        raise EdgeBenchError(f"{spec} needs vLLM (GPU machines): pip install 'edgebench[vllm]'") from None
    return vllm


def structured_output_kwargs(json_schema: str, params_module: Any) -> dict[str, Any]:
    """The SamplingParams keyword that locks output to a JSON schema in this vLLM.

    ``params_module`` is ``vllm.sampling_params``: recent vLLM has ``StructuredOutputsParams``
    (keyword ``structured_outputs``), older releases ``GuidedDecodingParams`` (``guided_decoding``)."""
    schema = json.loads(json_schema)
    if (cls := getattr(params_module, "StructuredOutputsParams", None)) is not None:
        return {"structured_outputs": cls(json=schema)}
    if (cls := getattr(params_module, "GuidedDecodingParams", None)) is not None:
        return {"guided_decoding": cls(json=schema)}
    raise EdgeBenchError("this vLLM has neither StructuredOutputsParams nor GuidedDecodingParams; "
                         "upgrade vLLM to use --json-lock")


def generate_kwargs(request: GenerateRequest, params_module: Any) -> dict[str, Any]:
    """SamplingParams keywords for one greedy generation request."""
    kwargs: dict[str, Any] = {"temperature": 0.0, "max_tokens": request.max_new_tokens}
    if request.stop:
        kwargs["stop"] = list(request.stop)  # vLLM cuts the text before the stop string
    if request.json_schema:
        kwargs.update(structured_output_kwargs(request.json_schema, params_module))
    return kwargs


# prompt_logprobs=0: vLLM returns only the log-prob of each prompt token itself (no top-k alternatives).
SCORE_KWARGS: dict[str, Any] = {"temperature": 0.0, "max_tokens": 1, "prompt_logprobs": 0}


def continuation_logprob(prompt_logprobs: Sequence[Any], token_ids: Sequence[int], n_context: int) -> float:
    """Sum of the log-probs vLLM gave the prompt tokens from ``n_context`` on (the continuation).

    ``prompt_logprobs[i]`` maps token ids to ``Logprob`` objects (or plain floats) for prompt position
    ``i``; position 0 has none, which is why a context is never empty."""
    if n_context < 1:
        raise ValueError("the context must hold at least one token")
    total = 0.0
    for pos in range(n_context, len(token_ids)):
        entry = prompt_logprobs[pos][token_ids[pos]]
        total += float(getattr(entry, "logprob", entry))
    return total


def render(tokenizer: Any, prompt: str, messages: tuple[tuple[str, str], ...]) -> str:
    """Chat messages through the model's chat template when it has one, else plain text (as ``hf``)."""
    if not messages:
        return prompt
    if getattr(tokenizer, "chat_template", None):
        chat = [{"role": role, "content": content} for role, content in messages]
        return tokenizer.apply_chat_template(chat, tokenize=False, add_generation_prompt=True)
    return "\n\n".join(content for _, content in messages) + "\n"


def safetensors_parameters(folder: Path) -> int | None:
    """Parameter count from the safetensors headers (vLLM keeps the weights in its worker process)."""
    total, found = 0, False
    for path in sorted(folder.rglob("*.safetensors")):
        with path.open("rb") as fh:
            size = int.from_bytes(fh.read(8), "little")
            header = json.loads(fh.read(size))
        for name, entry in header.items():
            if name != "__metadata__":
                count = 1
                for dim in entry["shape"]:
                    count *= dim
                total += count
                found = True
    return total if found else None


class VLLMBackend(Backend):
    scheme = "vllm"

    def __init__(self, spec: str, *, batch_size: int = 8, dtype: str = "auto", seed: int = 0,
                 tensor_parallel_size: int = 1, gpu_memory_utilization: float | None = None,
                 max_model_len: int | None = None, **settings: Any) -> None:
        if settings:
            raise EdgeBenchError(f"{spec} has no {', '.join(sorted(settings))} setting; drop "
                                 + ", ".join(f"--{k.replace('_', '-')}" for k in sorted(settings)))
        if dtype not in DTYPES:
            raise EdgeBenchError(f"unknown --dtype '{dtype}' for {spec}; use one of {', '.join(DTYPES)}")
        super().__init__(spec, batch_size=batch_size, dtype=dtype, tensor_parallel_size=tensor_parallel_size)
        _, name = models.parse_spec(spec)
        vllm = import_vllm(spec)  # before resolving: the embedded model's conversion is wasted without vLLM
        if name not in models.EMBEDDED_ALIASES and not Path(name).expanduser().is_dir():
            raise EdgeBenchError(f"unknown model '{spec}': vllm: takes a local Hugging Face folder or "
                                 f"{models.EMBEDDED_NAME}; nothing is downloaded")
        self.folder = models.resolve_hf(name)
        from vllm import sampling_params as params_module

        self._vllm, self._params = vllm, params_module
        engine: dict[str, Any] = {"model": str(self.folder), "tokenizer": str(self.folder), "dtype": dtype,
                                  "seed": seed, "tensor_parallel_size": tensor_parallel_size}
        if gpu_memory_utilization is not None:
            engine["gpu_memory_utilization"] = gpu_memory_utilization
        if max_model_len is not None:
            engine["max_model_len"] = max_model_len
        started = time.perf_counter()
        self.llm = vllm.LLM(**engine)
        self.load_seconds = time.perf_counter() - started
        self.tokenizer = self.llm.get_tokenizer()

    @classmethod
    def offline_models(cls) -> list[str]:
        if importlib.util.find_spec("vllm") is None:  # only where vLLM is installed do these resolve
            return []
        return [f"vllm:{models.EMBEDDED_NAME}", "vllm:/path/to/hf-model-folder"]

    def _encode(self, text: str) -> list[int]:
        return list(self.tokenizer.encode(text, add_special_tokens=False))

    def _run(self, token_lists: list[list[int]], params: Any) -> list[Any]:
        prompts = [{"prompt_token_ids": ids} for ids in token_lists]
        return self.llm.generate(prompts, params, use_tqdm=False)

    # -- generate ------------------------------------------------------------------------------
    def generate(self, requests: Sequence[GenerateRequest]) -> list[GenerateResult]:
        """All requests in one vLLM call: its scheduler batches them (continuous batching)."""
        started = time.perf_counter()
        token_lists = [self._encode(render(self.tokenizer, r.prompt, r.messages)) for r in requests]
        params = [self._params.SamplingParams(**generate_kwargs(r, self._params)) for r in requests]
        outputs = self._run(token_lists, params)
        seconds = (time.perf_counter() - started) / max(len(requests), 1)
        return [GenerateResult(text=out.outputs[0].text, prompt_tokens=len(ids),
                               completion_tokens=len(out.outputs[0].token_ids), seconds=seconds)
                for ids, out in zip(token_lists, outputs)]

    # -- score ---------------------------------------------------------------------------------
    def score(self, requests: Sequence[ScoreRequest]) -> list[ScoreResult]:
        """Log-likelihood of each continuation: prompt log-probs over context + continuation, one row
        per (request, continuation), all rows in one vLLM call."""
        started = time.perf_counter()
        eos = self.tokenizer.eos_token_id
        rows: list[list[int]] = []
        shape: list[tuple[int, list[int]]] = []  # per request: context length, continuation lengths
        for r in requests:
            context = self._encode(render(self.tokenizer, r.prompt, r.messages)) or [eos]
            lengths = []
            for c in r.continuations:
                ids = self._encode(c)
                if not ids:
                    raise EdgeBenchError(f"{self.spec}: an empty continuation cannot be scored")
                rows.append(context + ids)
                lengths.append(len(ids))
            shape.append((len(context), lengths))
        outputs = self._run(rows, self._params.SamplingParams(**SCORE_KWARGS))
        seconds = (time.perf_counter() - started) / max(len(requests), 1)
        results, row = [], 0
        for n_context, lengths in shape:
            logprobs = []
            for _ in lengths:
                logprobs.append(continuation_logprob(outputs[row].prompt_logprobs, rows[row], n_context))
                row += 1
            results.append(ScoreResult(logprobs=logprobs, num_tokens=lengths, seconds=seconds,
                                       prompt_tokens=n_context))
        return results

    # -- info ----------------------------------------------------------------------------------
    @cached_property
    def _hash(self) -> str:
        return models.weights_hash(self.folder)

    def _dtype(self) -> str:
        try:
            return str(self.llm.llm_engine.model_config.dtype).removeprefix("torch.")
        except AttributeError:  # engine internals move between vLLM releases
            return self.settings["dtype"]

    @staticmethod
    def _device() -> str | None:
        try:
            import torch

            return torch.cuda.get_device_name(0) if torch.cuda.is_available() else None
        except Exception:  # a device query must never fail a finished run
            return None

    def info(self) -> dict[str, Any]:
        source = str(self.folder)
        if self.folder == models.embedded_folder():
            source = f"{models.embedded_gguf()} (converted to {self.folder})"
        return {
            "backend": self.scheme,
            "spec": self.spec,
            "source": source,
            "parameters": safetensors_parameters(self.folder),
            "bytes_on_disk": models.folder_bytes(self.folder),
            "dtype": self._dtype(),
            "quantization": None,
            "load_seconds": round(self.load_seconds, 3),
            "device": self._device(),
            "vllm_version": getattr(self._vllm, "__version__", None),
            "hash": self._hash,
        }

    def cache_namespace(self) -> str:
        # vLLM's kernels give other numerics than transformers': its answers are cached apart.
        return f"{self._hash}:vllm:{self._dtype()}"
