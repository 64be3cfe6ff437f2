"""``edgebench.load(spec)``: a model answering edge calls with the benchmark's own prompts and cache.

Each call is one row of a built-in task (``edgebench.api.prompts``): the request is that task's
``request(doc)``, the answer goes through the response cache ``edgebench run`` uses (same keys:
model namespace, task dataset fingerprint, request), and is read with that task's ``process``.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Mapping, Sequence

from edgebench.api import prompts
from edgebench.api.types import Call, GuardResult, Prediction, Span, Verdict
from edgebench.errors import EdgeBenchError


def load(spec: str, *, cache: bool | str | Path = True, **settings: Any) -> "Model":
    """The model a spec names (any ``edgebench run --model`` spec, plugins' included). ``cache``: True for
    the response cache ``edgebench run`` uses (``<EDGEBENCH_CACHE>/responses.sqlite``), a path for
    another file, False for none. ``settings`` go to the backend (``dtype``, ``threads``, ``batch_size``)."""
    from edgebench.cache import ResponseCache
    from edgebench.models import cache_root, load_backend

    if not isinstance(spec, str):
        raise EdgeBenchError(f"edgebench.load: a model spec is a string like 'hf:SmolLM2-135M-Instruct', not {spec!r:.60}")
    backend = load_backend(spec, **settings)
    store = None
    if cache is not False:
        store = ResponseCache(cache_root() / "responses.sqlite" if cache is True else Path(cache))
    return Model(backend, store)


class Model:
    """A loaded backend with the edge calls. Batch forms (``*_many``) send all inputs in one backend
    call and give what the single forms give, in order."""

    def __init__(self, backend: Any, cache: Any = None) -> None:
        self.backend = backend
        self.cache = cache
        self._namespace: str | None = None
        self._prepared: str | None = None

    @property
    def spec(self) -> str:
        return self.backend.spec

    def info(self) -> dict[str, Any]:
        return self.backend.info()

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()
            self.cache = None

    # -- the calls ----------------------------------------------------------------------------------
    def predict_intent(self, text: str, labels: Sequence[str], *, explain: bool = False) -> Prediction:
        """The intent of ``text`` among ``labels``: edge_intent's prompt, every label scored by
        log-likelihood (per token), as ``edgebench run --tasks edge_intent`` scores it. With ``explain``,
        the model also writes edge_intent_explain's answer (``[THOUGHT] ... [/THOUGHT]`` then
        ``{"intent": ...}``): ``label`` is that answer's label and ``rationale`` its thought; where the
        answer has no readable label, ``label`` stays the scored one and ``rationale`` is None."""
        return self.predict_intent_many([text], labels, explain=explain)[0]

    def predict_intent_many(self, texts: Sequence[str], labels: Sequence[str], *,
                            explain: bool = False) -> list[Prediction]:
        task = prompts.intent_task(labels)
        docs = [prompts.text_doc(prompts.check_text("predict_intent", t)) for t in texts]
        out = [self._prediction(task, r) for r in self._run(task, docs)]
        if not explain:
            return out
        explained = self._run(prompts.explain_task(labels), docs)
        return [Prediction(r["pred"], p.scores, p.scores.get(r["pred"], 0.0), r["rationale"]) if r["pred"] else p
                for p, r in zip(out, explained)]

    def classify(self, text: str, labels: Sequence[str] = ("spam", "ham")) -> Prediction:
        """``text`` filtered by the built-in binary_filter task with these labels: ``spam``/``ham``
        (edge_spam's prompt) or ``toxic``/``ok`` (edge_toxicity's); both labels scored."""
        return self.classify_many([text], labels)[0]

    def classify_many(self, texts: Sequence[str], labels: Sequence[str] = ("spam", "ham")) -> list[Prediction]:
        task = prompts.filter_task(labels)
        return [self._prediction(task, r) for r in self._run(task, [prompts.text_doc(prompts.check_text(
            "classify", t)) for t in texts])]

    def extract_json(self, text: str, schema: Mapping[str, Any], *, lock: bool = True) -> dict[str, Any]:
        """The object ``text`` holds, filled into ``schema`` (a JSON Schema of an object): edge_json's prompt.
        With ``lock`` (default) decoding is locked to the schema and the result validates against it
        (else an EdgeBenchError); unlocked, the first JSON object of the answer, valid or not."""
        return self.extract_json_many([text], schema, lock=lock)[0]

    def extract_json_many(self, texts: Sequence[str], schema: Mapping[str, Any], *,
                          lock: bool = True) -> list[dict[str, Any]]:
        task, name = prompts.json_task(schema, lock)
        out = []
        for record in self._run(task, [prompts.json_doc(prompts.check_text("extract_json", t), name) for t in texts]):
            if record["pred"] is None or (lock and record["error"] is not None):
                raise EdgeBenchError(f"extract_json: {self.spec} gave no {'schema-valid ' if lock else ''}JSON "
                                     f"object ({record['error']}); its answer began {str(record['output'])[:60]!r}")
            out.append(record["pred"])
        return out

    def call_function(self, text: str, functions: Sequence[Mapping[str, Any]], *, lock: bool = True) -> list[Call]:
        """The calls that serve ``text`` among ``functions`` (definitions ``{"name", "description",
        "parameters"}``): edge_funccall's prompt; ``[]`` when none fits. With ``lock`` (default) decoding is
        locked to calls of the offered functions with their parameters; calls of other names are dropped."""
        return self.call_function_many([text], functions, lock=lock)[0]

    def call_function_many(self, texts: Sequence[str], functions: Sequence[Mapping[str, Any]], *,
                           lock: bool = True) -> list[list[Call]]:
        offered = prompts.check_functions(functions)
        names = {f["name"] for f in offered}
        task = prompts.funccall_task(lock)
        out = []
        for record in self._run(task, [prompts.funccall_doc(prompts.check_text("call_function", t), offered)
                                       for t in texts]):
            if record["pred"] is None:
                raise EdgeBenchError(f"call_function: {self.spec} gave no list of calls; its answer began "
                                     f"{str(record['output'])[:60]!r}")
            out.append([Call(c["name"], c["arguments"]) for c in record["pred"] if c["name"] in names])
        return out

    def find_pii(self, text: str, *, lock: bool = True) -> list[Span]:
        """The personal data in ``text`` as character spans: edge_pii's prompt and types; with ``lock``
        (default) the answer is locked to a list of ``{type, text}``. Items not found in the text are dropped."""
        return self.find_pii_many([text], lock=lock)[0]

    def find_pii_many(self, texts: Sequence[str], *, lock: bool = True) -> list[list[Span]]:
        task = prompts.pii_task(lock)
        records = self._run(task, [prompts.pii_doc(prompts.check_text("find_pii", t)) for t in texts])
        return [[Span(s["start"], s["end"], s["type"], s["text"]) for s in r["pred"] if s["start"] >= 0]
                for r in records]

    def verify(self, text: str, candidate: Any, *, schema: Mapping[str, Any] | None = None,
               labels: Sequence[str] | None = None) -> Verdict:
        """Is ``candidate`` (a JSON object proposed for ``text``, or an intent label) right? edge_verify's
        prompt: ``ok`` and ``wrong`` scored; a candidate ``schema`` rejects, or a label not in ``labels``,
        is wrong by rule, with the reasons in ``problems``."""
        return self.verify_many([text], [candidate], schema=schema, labels=labels)[0]

    def verify_many(self, texts: Sequence[str], candidates: Sequence[Any], *,
                    schema: Mapping[str, Any] | None = None, labels: Sequence[str] | None = None) -> list[Verdict]:
        if len(texts) != len(candidates):
            raise EdgeBenchError(f"verify_many: {len(texts)} texts but {len(candidates)} candidates; give one each")
        task = prompts.builtin(prompts.VERIFY_TASK)
        docs = [prompts.verify_doc(prompts.check_text("verify", t), c, schema, labels) for t, c in zip(texts, candidates)]
        out = []
        for r in self._run(task, docs):
            ok = r["pred"] == task.ok_label
            p_wrong = r["score"] if isinstance(r.get("score"), float) else (0.0 if ok else 1.0)
            out.append(Verdict(ok, list(r["problems"]), 1.0 - p_wrong if ok else p_wrong))
        return out

    def aggregate(self, docs: Sequence[Any], schema: Mapping[str, Any], state: Mapping[str, Any] | None = None, *,
                  lock: bool = True) -> dict[str, Any]:
        """The summary (an object of ``schema``) after reading ``docs`` one at a time, each request holding
        only the schema, the running state and the next document (edge_aggregate's prompt). Pass the
        returned state back with more documents to go on. Locked (default), every state validates."""
        return self.aggregate_many([docs], schema, [state], lock=lock)[0]

    def aggregate_many(self, cases: Sequence[Sequence[Any]], schema: Mapping[str, Any],
                       states: Sequence[Mapping[str, Any] | None] | None = None, *,
                       lock: bool = True) -> list[dict[str, Any]]:
        states = list(states) if states is not None else [None] * len(cases)
        if len(states) != len(cases):
            raise EdgeBenchError(f"aggregate_many: {len(cases)} cases but {len(states)} states; give one each")
        task = prompts.aggregate_task(lock)
        out = []
        for record, state in zip(self._run(task, [prompts.aggregate_doc(d, schema, s) for d, s in zip(cases, states)]),
                                 states):
            if record["pred"] is None:
                raise EdgeBenchError(f"aggregate: {self.spec} wrote no JSON object in any of the "
                                     f"{record['n_docs']} rounds; its first answer began "
                                     f"{str((record['output'] or [''])[0])[:60]!r}")
            out.append(record["pred"])
        return out

    def guard(self, text: str) -> GuardResult:
        """One guard call: edge_pii's, edge_spam's and edge_toxicity's prompts and a route question,
        then the rule layer (``edgebench.tasks.modes.guard.decide``): sensitive PII routes to compliance
        at least, legal wins."""
        return self.guard_many([text])[0]

    def guard_many(self, texts: Sequence[str]) -> list[GuardResult]:
        task = prompts.builtin(prompts.GUARD_TASK)
        out = []
        for r in self._run(task, [prompts.guard_doc(prompts.check_text("guard", t)) for t in texts]):
            out.append(GuardResult([Span(s["start"], s["end"], s["type"], s["text"]) for s in r["pred"]["spans"]],
                                   r["redacted"], dict(r["pred"]["flags"]), r["pred"]["route"],
                                   dict(r["route_scores"] or {})))
        return out

    # -- plumbing -----------------------------------------------------------------------------------
    @staticmethod
    def _prediction(task: Any, record: Mapping[str, Any]) -> Prediction:
        if record["pred"] is None:
            raise EdgeBenchError(f"{task.name}: the model gave no usable label scores ({record['error']})")
        values = dict(zip(task.labels, record["values"]))
        top = max(values.values())
        weights = {label: math.exp(v - top) for label, v in values.items()}
        total = sum(weights.values())
        scores = {label: w / total for label, w in weights.items()}
        return Prediction(record["pred"], scores, scores[record["pred"]])

    def requests(self, task: Any, docs: Sequence[Mapping[str, Any]]) -> list[Any]:
        """The first requests a call sends: ``task.request(doc)`` per doc, exactly what the benchmark sends."""
        return [task.request(d) for d in docs]

    def _run(self, task: Any, docs: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Each doc's record from the task's own code, asked in the rounds the benchmark asks in
        (``edgebench.tasks.steps``)."""
        from edgebench.backends.base import ScoreResult
        from edgebench.tasks import steps

        if not docs:
            return []
        if self._prepared != task.name:
            self.backend.prepare(task)  # as the evaluator does before a task's requests
            self._prepared = task.name
        records = []
        for doc, answers in zip(docs, steps.run_rounds(task, docs, lambda rs: self._answer(task, rs))):
            record = steps.process(task, doc, answers)
            if not task.multi_step and isinstance(answers[0], ScoreResult):
                record["values"] = task.label_values(answers[0])
            records.append(record)
        return records

    def _answer(self, task: Any, requests: Sequence[Any]) -> list[Any]:
        """Answers from the cache where it has them, else from one backend call per request kind (checked
        as the evaluator checks them; usable ones cached)."""
        from edgebench import answer_checks
        from edgebench.cache import request_key

        answers: dict[int, Any] = {}
        keys: list[str] = []
        if self.cache is not None:
            if self._namespace is None:
                self._namespace = self.backend.cache_namespace()
            layout = getattr(self.backend, "lock_layout", None)
            keys = [request_key(self._namespace, task.fingerprint, r, layout) for r in requests]
            hits = self.cache.get_many(keys)
            for i, key in enumerate(keys):
                if key in hits and answer_checks.check_one(requests[i].kind, requests[i], hits[key]).error is None:
                    answers[i] = hits[key]
        todo = [i for i in range(len(requests)) if i not in answers]
        for kind in sorted({requests[i].kind for i in todo}):
            idx = [i for i in todo if requests[i].kind == kind]
            method = self.backend.generate if kind == "generate" else self.backend.score
            results = answer_checks.answer(self.spec, kind, [requests[i] for i in idx], method, single=method)
            for i, res in zip(idx, results):
                if res.error is not None:
                    raise EdgeBenchError(f"{self.spec} gave no usable answer on {task.name}'s prompt ({res.error})")
                answers[i] = res
            if self.cache is not None:
                self.cache.put_many((keys[i], kind, res) for i, res in zip(idx, results))
        return [answers[i] for i in range(len(requests))]
