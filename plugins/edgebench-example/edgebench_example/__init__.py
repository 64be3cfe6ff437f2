"""An example EdgeBench plugin: everything goes through the public hooks."""
from __future__ import annotations

import math
import re
from importlib.resources import files
from typing import Any, Sequence

from edgebench import hookimpl
from edgebench.backends.base import Backend, GenerateRequest, GenerateResult, ScoreRequest, ScoreResult
from edgebench.errors import EdgeBenchError

LEXICONS = {
    "sentiment": {
        "positive": {"love", "great", "excellent", "perfect", "happy", "fantastic", "works", "recommend", "fast", "good"},
        "negative": {"broke", "broken", "terrible", "awful", "refund", "slow", "disappointed", "waste", "bad", "stopped"},
    },
}


class KeywordBackend(Backend):
    """Scores each label by how many of its lexicon words the text holds (add-one smoothed)."""

    scheme = "keyword"

    def __init__(self, spec: str, *, batch_size: int = 8, **settings: Any) -> None:
        super().__init__(spec, batch_size=batch_size, **settings)
        self.lexicon_name = spec.partition(":")[2]
        if self.lexicon_name not in LEXICONS:
            raise EdgeBenchError(f"unknown model '{spec}'; available: "
                                 + ", ".join(f"keyword:{n}" for n in LEXICONS))
        self.lexicon = LEXICONS[self.lexicon_name]

    @classmethod
    def offline_models(cls) -> list[str]:
        return [f"keyword:{name}" for name in LEXICONS]

    def _log_probs(self, text: str, labels: Sequence[str]) -> list[float]:
        words = set(re.findall(r"[a-z']+", text.lower()))
        counts = [len(words & self.lexicon.get(label.strip(), set())) + 1 for label in labels]
        total = sum(counts)
        return [math.log(c / total) for c in counts]

    def score(self, requests: Sequence[ScoreRequest]) -> list[ScoreResult]:
        return [ScoreResult(logprobs=self._log_probs(r.text, r.continuations), num_tokens=[1] * len(r.continuations))
                for r in requests]

    def generate(self, requests: Sequence[GenerateRequest]) -> list[GenerateResult]:
        labels = sorted(self.lexicon)
        out = []
        for r in requests:
            text = r.prompt or "\n".join(content for _, content in r.messages)
            lps = self._log_probs(text, labels)
            out.append(GenerateResult(text=labels[lps.index(max(lps))]))
        return out

    def info(self) -> dict[str, Any]:
        words = sum(len(v) for v in self.lexicon.values())
        return {"backend": self.scheme, "spec": self.spec, "source": "edgebench-example lexicon",
                "parameters": words, "bytes_on_disk": 0, "dtype": None, "quantization": None,
                "hash": f"keyword-{self.lexicon_name}-{words}",
                "language_model": False}  # a lexicon: the leaderboard shows it as a baseline, not an NLM


def error_rate(records) -> float:
    """1 - top-1 accuracy: a metric a third party adds."""
    return sum(r["pred"] != r["gold"] for r in records) / len(records)


@hookimpl
def register_backends(register) -> None:
    register("keyword", KeywordBackend)


@hookimpl
def register_tasks(register) -> None:
    register("example_sentiment", files("edgebench_example") / "sentiment.yaml")


@hookimpl
def register_metrics(register) -> None:
    register("error_rate", error_rate)
