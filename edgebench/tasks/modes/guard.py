"""edge_guard: one guard call on an incoming message: its PII, the redacted text, flags and a route.

The model is asked four things at once (one round): edge_pii's, edge_spam's and edge_toxicity's own
prompts (so a model's scores there carry over), and a route among legal / compliance / normal scored
by log-likelihood. The rule layer (``decide``) goes on top: a message with sensitive PII (card,
account or ID numbers) routes to compliance at least, legal wins over both
(``edgebench.data.guard.policy.route``, the policy the gold routes follow too).
"""
from __future__ import annotations

import math
from functools import cached_property
from typing import Any, Mapping, Sequence

from datasets import DatasetDict

from edgebench.backends.base import Result, ScoreRequest, ScoreResult
from edgebench.data.store import load_v2, v2_dataset_schema
from edgebench.errors import EdgeBenchError
from edgebench.metrics.spans import redact, span_counts
from edgebench.tasks import prompting
from edgebench.tasks.base import Task
from edgebench.tasks.filters import gold_spans

DATASET = v2_dataset_schema("guard")
COMPONENTS = ("pii", "spam", "toxicity")


def decide(spans: Sequence[Mapping[str, Any]], spam: bool, toxic: bool, model_route: str) -> dict[str, Any]:
    """The rule layer: flags from the three detectors, the route from the policy over the model's route
    and the PII types found (located spans only)."""
    from edgebench.data.guard.policy import route

    found = [s for s in spans if s["start"] >= 0]
    return {"flags": {"pii": bool(found), "spam": spam, "toxic": toxic},
            "route": route(model_route, {s["type"] for s in found})}


class GuardTask(Task):
    family = "guard"
    multi_step = True
    default_metrics = ("route_acc", "route_macro_f1", "flag_acc", "guard_span_f1", "guard_redaction_exact",
                       "guard_exact")
    config_schema = {
        "type": "object", "required": ["dataset", "prompt", "components"],
        "properties": {
            "dataset": DATASET, "prompt": prompting.PROMPT_SCHEMA, "normalize": {"enum": ["sum", "mean"]},
            # the built-in (or plugin) tasks whose prompts ask for PII, spam and toxicity
            "components": {"type": "object", "required": list(COMPONENTS), "additionalProperties": False,
                           "properties": {c: {"type": "string"} for c in COMPONENTS}},
        },
    }

    def __init__(self, config: dict[str, Any], source) -> None:
        super().__init__(config, source)
        from edgebench.data.guard.policy import ROUTES

        self.prompt = config["prompt"]
        self.routes: list[str] = list(ROUTES)
        prompting.check_placeholders(self.prompt, source.label, ("text", "routes"))

    @cached_property
    def parts(self) -> dict[str, Any]:
        """The component tasks, checked to be of the right families."""
        from edgebench.tasks.config import select
        from edgebench.tasks.filters import BinaryFilterTask, PIITask

        out = {}
        for part, name in self.config["components"].items():
            task = select(name)[0]
            want = PIITask if part == "pii" else BinaryFilterTask
            if not isinstance(task, want):
                raise EdgeBenchError(f"task '{self.name}': components.{part} '{name}' is a {task.family} task; "
                                     f"name a {want.family} task")
            out[part] = task
        return out

    def load(self) -> tuple[DatasetDict, str]:
        from edgebench.data.guard import guard_v2

        return load_v2(self.name, guard_v2, self.config["dataset"])

    def request(self, doc: Mapping[str, Any]):
        return self.next_requests(doc, [])[0]

    def route_request(self, doc: Mapping[str, Any]) -> ScoreRequest:
        user = self.prompt["template"].format(text=doc["text"], routes=", ".join(self.routes))
        prompt, messages = prompting.build(self.prompt, user)
        prefix = self.prompt.get("continuation_prefix", "")
        return ScoreRequest(continuations=tuple(prefix + r for r in self.routes), prompt=prompt, messages=messages,
                            text=doc["text"])

    def next_requests(self, doc: Mapping[str, Any], answers: Sequence[Result]) -> list:
        if answers:
            return []
        text = {"text": doc["text"]}
        return [self.parts["pii"].request({**text, "spans": "[]"}), self.parts["spam"].request({**text, "label": ""}),
                self.parts["toxicity"].request({**text, "label": ""}), self.route_request(doc)]

    def route_scores(self, result: Result) -> dict[str, float] | None:
        if not isinstance(result, ScoreResult) or len(result.logprobs) != len(self.routes):
            return None
        counts = result.num_tokens or [1] * len(result.logprobs)
        mean = self.config.get("normalize", "sum") == "mean"
        values = [lp / max(n, 1) if mean else lp for lp, n in zip(result.logprobs, counts)]
        if any(math.isnan(v) for v in values):
            return None
        top = max(values)
        weights = [math.exp(v - top) for v in values]
        return {r: w / sum(weights) for r, w in zip(self.routes, weights)}

    def process(self, doc: Mapping[str, Any], answers: Sequence[Result]) -> dict[str, Any]:
        text = doc["text"]
        pii = self.parts["pii"].process({"text": text, "spans": "[]"}, answers[0])
        flagged = {}
        for part, answer in (("spam", answers[1]), ("toxicity", answers[2])):
            task = self.parts[part]
            flagged[part] = task.process({"text": text, "label": ""}, answer)["pred"] == task.positive
        scores = self.route_scores(answers[3])
        model_route = max(scores, key=scores.get) if scores else "normal"
        decided = decide(pii["pred"], flagged["spam"], flagged["toxicity"], model_route)
        gold = {"route": doc["route"], "flags": {"pii": bool(gold_spans(doc["spans"])), "spam": bool(doc["spam"]),
                                                 "toxic": bool(doc["toxic"])}, "spans": gold_spans(doc["spans"])}
        spans = [s for s in pii["pred"] if s["start"] >= 0]
        tp, fp, fn = span_counts(spans, gold["spans"])
        redacted, redacted_gold = redact(text, spans), redact(text, gold["spans"])
        right = {"route": int(decided["route"] == gold["route"]),
                 "flags": int(decided["flags"]["spam"] == gold["flags"]["spam"]
                              and decided["flags"]["toxic"] == gold["flags"]["toxic"]),
                 "redaction_exact": int(redacted == redacted_gold)}
        return {"doc_id": doc.get("id"), "input": text, "gold": gold,
                "pred": {"route": decided["route"], "flags": decided["flags"], "spans": spans},
                "model_route": model_route, "route_scores": scores, "redacted": redacted,
                "output": pii["output"], "error": pii["error"] if pii["error"] else (None if scores else "bad_scores"),
                "scores": {**right, "tp": tp, "fp": fp, "fn": fn,
                           "exact": int(all(right.values()))}}
