"""``openai:MODEL@URL``: a model behind an OpenAI-compatible HTTP server (llama.cpp, vLLM, Ollama).

Generation goes to ``/chat/completions`` (chat messages) or ``/completions`` (plain prompts), greedy.
Scoring needs correct prompt log-probabilities from ``/completions`` with ``echo``; the backend checks
that once against the server's own generation log-probs before it trusts them, since some servers
return none (llama.cpp's) or shifted ones (llama-cpp-python's). Chat prompts are scored only when
the ``chat_template`` setting says how to render them: the API cannot render one for us.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from functools import cached_property
from pathlib import Path
from typing import Any, Sequence

from edgebench import answer_checks
from edgebench.backends.base import Backend, GenerateRequest, GenerateResult, ScoreRequest, ScoreResult
from edgebench.errors import EdgeBenchError

API_KEY_ENV = ("EDGEBENCH_API_KEY", "OPENAI_API_KEY")  # the first one set wins
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
# ChatML, the template of SmolLM2 and Qwen models; any other is a Jinja file the setting names.
CHATML = ("{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}"
          "<|im_start|>assistant\n")
SCHEMA_FORMATS = ("auto", "json_schema", "json_object")
PROBE_PROMPT = "1, 2, 3, 4, 5, 6,"  # its greedy next token is clear, so echoing it back is a fair check


def parse_openai_spec(spec: str) -> tuple[str, str]:
    """``openai:MODEL@URL`` -> (model, base URL without a trailing slash)."""
    model, sep, url = spec.partition(":")[2].partition("@")
    if not sep or not model or not url.startswith(("http://", "https://")):
        raise EdgeBenchError(f"model spec '{spec}' is not openai:MODEL@URL; write e.g. "
                             f"openai:smollm2@http://127.0.0.1:8080/v1")
    return model, url.rstrip("/")


def _bounded(json_schema: str) -> dict:
    """The JSON-lock's bounded schema (strings and numbers that always close), where it exists."""
    schema = json.loads(json_schema)
    try:
        from edgebench.schema_bounds import bound_schema
    except ImportError:
        return schema
    return bound_schema(schema)


class _HTTPError(Exception):
    """An answer not worth retrying; callers turn it into a one-line EdgeBenchError."""

    def __init__(self, status: int, text: str) -> None:
        super().__init__(status, text)
        self.status, self.text = status, " ".join(text.split())[:300]


IDENTITY_PROBE = "Complete the list and stop: red, green,"


class OpenAIBackend(Backend):
    scheme = "openai"

    def __init__(self, spec: str, *, batch_size: int | str = 8, timeout: float = 120.0, retries: int = 3,
                 backoff: float = 0.5, schema_format: str = "auto", chat_template: str | None = None,
                 repeat_penalty: float | None = 1.0, **settings: Any) -> None:
        unknown = sorted(k for k, v in settings.items() if v is not None)
        if unknown:
            raise EdgeBenchError(f"{spec} has no {', '.join(unknown)} setting (the server decides it); drop "
                                 + ", ".join(f"--{k.replace('_', '-')}" for k in unknown))
        if schema_format not in SCHEMA_FORMATS:
            raise EdgeBenchError(f"{spec}: schema_format '{schema_format}' is not one of {', '.join(SCHEMA_FORMATS)}")
        if retries < 0 or timeout <= 0 or backoff < 0:
            raise EdgeBenchError(f"{spec}: timeout must be > 0, retries and backoff >= 0 "
                                 f"(got {timeout}, {retries}, {backoff})")
        super().__init__(spec, batch_size=batch_size, timeout=timeout, retries=retries, backoff=backoff,
                         schema_format=schema_format, chat_template=chat_template, repeat_penalty=repeat_penalty)
        try:
            import httpx
        except ImportError:
            raise EdgeBenchError(f"{spec} needs httpx: install it with pip install httpx") from None
        self.model, self.url = parse_openai_spec(spec)
        self.retries, self.backoff, self.schema_format = retries, backoff, schema_format
        # Greedy means no penalty, but llama-cpp-python's server applies 1.1 unless told; None leaves the
        # field out for servers that reject it (api.openai.com).
        self.extra = {} if repeat_penalty is None else {"repeat_penalty": repeat_penalty}
        self._template = self._load_template(chat_template)
        self._can_score: bool | None = None  # learnt on the first score call
        key = next((os.environ[k] for k in API_KEY_ENV if os.environ.get(k)), None)
        self._client = httpx.Client(base_url=self.url, timeout=timeout,
                                    headers={"Authorization": f"Bearer {key}"} if key else {})
        # Asking for the model list first makes a down server fail before any task runs.
        try:
            listing = self._request("GET", "/models")
            self.served = listing.get("data") if isinstance(listing, dict) else None
            if self.served is None:
                self.served = []
            if not isinstance(self.served, list):
                raise EdgeBenchError(f"{self.url}/models answered {type(self.served).__name__} 'data', not a list of "
                                     f"models; check that the URL is an OpenAI-compatible API")
        except _HTTPError as exc:
            raise EdgeBenchError(f"{self.url}/models answered HTTP {exc.status} ({exc.text[:120]}); check the URL "
                                 f"(it usually ends in /v1) and the API key (EDGEBENCH_API_KEY)") from None

    @classmethod
    def offline_models(cls) -> list[str]:
        return ["openai:MODEL@http://127.0.0.1:8080/v1"]  # a server you run; nothing remote is listed

    # -- HTTP ------------------------------------------------------------------------------------
    def _request(self, method: str, path: str, body: dict | None = None, *,
                 retry_status: frozenset[int] = RETRY_STATUS) -> dict:
        """One API call, retried with exponential backoff on connection errors, timeouts and
        ``retry_status``; any other HTTP error raises ``_HTTPError`` at once."""
        import httpx

        problem = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                resp = self._client.request(method, path, json=body)
            except httpx.TimeoutException:
                problem = f"no answer within {self._client.timeout.read} s"
                continue
            except httpx.TransportError as exc:
                problem = f"cannot connect: {type(exc).__name__}"
                continue
            if resp.status_code in retry_status:
                problem = f"HTTP {resp.status_code}"
                continue
            if resp.status_code >= 400:
                raise _HTTPError(resp.status_code, resp.text)
            try:
                return resp.json()
            except ValueError:
                raise EdgeBenchError(f"{self.url}{path} answered something other than JSON; check that the URL "
                                     f"is an OpenAI-compatible API (it usually ends in /v1)") from None
        raise EdgeBenchError(f"the server at {self.url} failed {self.retries + 1} tries ({problem}); start the server "
                             f"or check the URL in '{self.spec}'")

    def _post(self, path: str, body: dict) -> dict:
        try:
            return self._request("POST", path, body)
        except _HTTPError as exc:
            raise EdgeBenchError(f"{self.url}{path} refused the request (HTTP {exc.status}: {exc.text[:200]}); "
                                 f"check the model name in '{self.spec}'") from None

    # -- generate --------------------------------------------------------------------------------
    def generate(self, requests: Sequence[GenerateRequest]) -> list[GenerateResult]:
        results = []
        for i, request in enumerate(requests):  # one at a time: the server schedules its own batches
            results.append(self._generate_one(request))
            self.report(i, results[-1])
        return results

    def _generate_one(self, req: GenerateRequest) -> GenerateResult:
        body: dict[str, Any] = {"model": self.model, "temperature": 0, "max_tokens": req.max_new_tokens, **self.extra}
        if req.stop:
            body["stop"] = list(req.stop)
        if req.messages:
            path = "/chat/completions"
            body["messages"] = [{"role": role, "content": content} for role, content in req.messages]
        else:
            path, body["prompt"] = "/completions", req.prompt
        started = time.perf_counter()
        answer = self._post_schema(path, body, req.json_schema) if req.json_schema else self._post(path, body)
        seconds = time.perf_counter() - started
        read = read_completion(answer, chat=bool(req.messages))
        if read is None:  # a body that is not a completion: this sample's answer is unusable, the run goes on
            return GenerateResult(text="", seconds=seconds, error="invalid_response")
        text, choice, prompt_tokens, completion_tokens = read
        if req.json_schema and not req.stop and choice.get("finish_reason") == "stop" and not _parses(text):
            # A locked answer that ended by itself always parses: the server must have ignored the schema.
            raise EdgeBenchError(f"the server at {self.url} ignored the JSON schema on {path} (its answer ended "
                                 f"without valid JSON); set schema_format to the variant it supports, or run "
                                 f"without --json-lock")
        return GenerateResult(text=text, prompt_tokens=prompt_tokens, completion_tokens=completion_tokens,
                              seconds=seconds)

    def _post_schema(self, path: str, body: dict, json_schema: str) -> dict:
        """Posts with the schema in the first ``response_format`` variant the server accepts.

        OpenAI and vLLM take ``{"type": "json_schema", ...}``; llama-cpp-python's server takes only
        ``{"type": "json_object", "schema": ...}`` and rejects the other (with HTTP 500, hence the
        check on the error's text rather than its status)."""
        schema = _bounded(json_schema)
        variants = {
            "json_schema": {"type": "json_schema", "json_schema": {"name": "output", "schema": schema, "strict": True}},
            "json_object": {"type": "json_object", "schema": schema},
        }
        order = list(variants) if self.schema_format == "auto" else [self.schema_format]
        for i, name in enumerate(order):
            last = i + 1 == len(order)
            try:
                answer = self._request("POST", path, {**body, "response_format": variants[name]},
                                       retry_status=RETRY_STATUS if last else RETRY_STATUS - {500})
            except _HTTPError as exc:
                if not last and "response_format" in exc.text:
                    continue
                raise EdgeBenchError(f"{self.url}{path} refused the JSON schema (HTTP {exc.status}: {exc.text[:160]}); "
                                     f"set schema_format to json_schema or json_object") from None
            self.schema_format = name  # remembered: later requests go straight to it
            return answer
        raise AssertionError("unreachable: the last variant returns or raises")

    # -- score -----------------------------------------------------------------------------------
    def score(self, requests: Sequence[ScoreRequest]) -> list[ScoreResult]:
        """Continuation log-probs from ``/completions`` with ``echo``: the tokens from the context's
        end onwards are the continuation's (a token straddling the boundary counts as its)."""
        contexts = [self._render(r) for r in requests]  # chat without a template fails before any call
        self._check_prompt_logprobs()
        results = []
        for req, context in zip(requests, contexts):
            started = time.perf_counter()
            logprobs, counts, prompt_tokens = [], [], 0
            error = None
            for cont in req.continuations:
                values, first = self._echo(context + cont, boundary=len(context))
                picked = values[first:]
                if not picked or any(v is None for v in picked):
                    raise self._cannot_score("it gave no log-prob for a continuation token")
                if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in picked):
                    error = "invalid_logprob"  # e.g. strings: this sample is unusable, not the server
                    break
                logprobs.append(float(sum(picked)))
                counts.append(len(picked))
                prompt_tokens = first
            if error is not None:
                results.append(answer_checks.failed("score", req, error))
                continue
            results.append(ScoreResult(logprobs=logprobs, num_tokens=counts, prompt_tokens=prompt_tokens,
                                       seconds=time.perf_counter() - started))
        return results

    def _echo(self, text: str, boundary: int) -> tuple[list[float | None], int]:
        """The server's log-prob of every token of ``text``, and the index of the first token that
        reaches past character ``boundary``."""
        body = {"model": self.model, "prompt": text, "max_tokens": 1, "temperature": 0, "echo": True, "logprobs": 1}
        try:
            answer = self._request("POST", "/completions", body)
        except _HTTPError as exc:
            raise self._cannot_score(f"HTTP {exc.status}: {exc.text[:120]}") from None
        try:
            lp = answer["choices"][0].get("logprobs") or {}
            offsets, values = list(lp.get("text_offset") or []), list(lp.get("token_logprobs") or [])
            n_prompt = int((answer.get("usage") or {}).get("prompt_tokens") or 0)
            offsets = [int(o) for o in offsets]
        except (KeyError, IndexError, TypeError, ValueError, AttributeError):
            raise self._cannot_score("its /completions answer is not a completion with log-probs") from None
        if not n_prompt or len(values) < n_prompt or len(offsets) < n_prompt:
            raise self._cannot_score("it returns no log-probs for prompt tokens")
        offsets, values = offsets[:n_prompt], values[:n_prompt]  # echo may append the generated token
        ends = [*offsets[1:], len(text)]
        first = next((i for i, end in enumerate(ends) if end > boundary), n_prompt)
        return values, first

    def _check_prompt_logprobs(self) -> None:
        """Once: the echoed log-prob of a token must equal the log-prob the server gave it when it
        generated that token. llama-cpp-python's server fails this (it shifts prompt log-probs by one
        position: abetlen/llama-cpp-python#1983), llama.cpp's returns none."""
        if self._can_score:
            return
        body = {"model": self.model, "prompt": PROBE_PROMPT, "max_tokens": 1, "temperature": 0, "logprobs": 1}
        try:
            gen = self._request("POST", "/completions", body)["choices"][0]
            token_lps = (gen.get("logprobs") or {}).get("token_logprobs") or []
        except _HTTPError as exc:
            raise self._cannot_score(f"HTTP {exc.status}: {exc.text[:120]}") from None
        except (KeyError, IndexError, TypeError, AttributeError):
            raise self._cannot_score("its /completions answer is not a completion") from None
        if not isinstance(gen.get("text"), str) or not gen.get("text") or not isinstance(token_lps, list) \
                or not token_lps or not isinstance(token_lps[0], (int, float)):
            raise self._cannot_score("it returns no log-probs")
        values, first = self._echo(PROBE_PROMPT + gen["text"], boundary=len(PROBE_PROMPT))
        echoed = values[first] if first == len(values) - 1 else None  # the generated text is one token
        if echoed is None or abs(echoed - token_lps[0]) > 0.05:
            raise self._cannot_score(f"its prompt log-probs disagree with its generation log-probs "
                                     f"({echoed} vs {token_lps[0]:.4f} for the same token)")
        self._can_score = True

    def _cannot_score(self, why: str) -> EdgeBenchError:
        return EdgeBenchError(f"the server at {self.url} cannot score continuations ({why}); run generative task "
                              f"variants (e.g. edge_intent_gen) with '{self.spec}', or score with llamacpp: or hf:")

    def _render(self, req: ScoreRequest) -> str:
        if not req.messages:
            return req.prompt
        if self._template is None:
            raise EdgeBenchError(f"'{self.spec}' cannot score a chat prompt: the OpenAI API gives no prompt log-probs "
                                 f"for chat; set chat_template (chatml or a Jinja file) to render it here, or run "
                                 f"generative task variants (e.g. edge_intent_gen)")
        return self._template.render(messages=[{"role": r, "content": c} for r, c in req.messages],
                                     add_generation_prompt=True)

    def _load_template(self, chat_template: str | None):
        if chat_template is None:
            return None
        from jinja2.sandbox import ImmutableSandboxedEnvironment

        if chat_template == "chatml":
            source = CHATML
        elif Path(chat_template).is_file():
            source = Path(chat_template).read_text()
        else:
            raise EdgeBenchError(f"'{self.spec}': chat_template '{chat_template}' is neither 'chatml' nor a Jinja "
                                 f"file; name one of them")
        # The same Jinja settings as Hugging Face chat templates.
        env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        return env.from_string(source)

    # -- info ------------------------------------------------------------------------------------
    @cached_property
    def _hash(self) -> str:  # once per run: it asks the server the identity probe
        # "created" is the time of the request on some servers (vLLM): it must not move the hash.
        served = [{k: v for k, v in m.items() if k != "created"} for m in self.served if isinstance(m, dict)]
        identity = {"url": self.url, "model": self.model,
                    "served": sorted(json.dumps(m, sort_keys=True) for m in served), "probe": self._probe_answer()}
        return hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()

    def _probe_answer(self) -> str:
        """A fixed greedy question, asked once per run: a server that swapped the model behind the same
        URL and name answers it differently, so its answers get another cache identity."""
        try:
            text = self._generate_one(GenerateRequest(messages=(("user", IDENTITY_PROBE),), max_new_tokens=8)).text
        except (EdgeBenchError, _HTTPError, ValueError, TypeError, KeyError) as exc:
            text = f"unanswered: {type(exc).__name__}"
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def info(self) -> dict[str, Any]:
        return {
            "backend": self.scheme,
            "spec": self.spec,
            "source": f"{self.url} (model '{self.model}')",
            "served_models": [m.get("id") for m in self.served if isinstance(m, dict)],
            "parameters": None,
            "bytes_on_disk": None,
            "dtype": None,
            "quantization": None,
            "hash": self._hash,
        }

    def cache_namespace(self) -> str:
        return f"openai:{self._hash}"


def read_completion(answer: Any, *, chat: bool) -> tuple[str, dict, int, int] | None:
    """(text, first choice, prompt tokens, completion tokens) of a completion body, or None when the body
    is not one (``{}``, ``[]``, ``null``, no choices, a choice or content of the wrong type, usage counts
    that are not numbers)."""
    if not isinstance(answer, dict) or not isinstance(answer.get("choices"), list) or not answer["choices"]:
        return None
    choice = answer["choices"][0]
    if not isinstance(choice, dict):
        return None
    if chat:
        message = choice.get("message")
        text = message.get("content") if isinstance(message, dict) else None if message is None else 0
    else:
        text = choice.get("text")
    usage = answer.get("usage") if answer.get("usage") is not None else {}
    if not (text is None or isinstance(text, str)) or not isinstance(usage, dict):
        return None
    counts = [usage.get("prompt_tokens") or 0, usage.get("completion_tokens") or 0]
    if not all(isinstance(c, int) and not isinstance(c, bool) and c >= 0 for c in counts):
        return None
    return text or "", choice, counts[0], counts[1]


def _parses(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True
