"""The task contract: docs for a split, a request per doc, a record per result, aggregation."""
from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar, Mapping, Sequence

from datasets import Dataset, DatasetDict

from edgebench.backends.base import Request, Result
from edgebench.data.validation import Checks
from edgebench.errors import EdgeBenchError, Unsupported
from edgebench.metrics.stats import bootstrap_stderr
from edgebench.tasks import breakdown
from edgebench.tasks.config import ConfigSource


class Task(ABC):
    """One configured task. Subclasses (families) define the data, the requests and the parsing."""

    family: ClassVar[str]
    config_schema: ClassVar[dict[str, Any]] = {"type": "object"}
    default_metrics: ClassVar[tuple[str, ...]] = ()
    # True: the task asks in rounds and ``process`` takes the list of a doc's answers (edgebench.tasks.steps)
    multi_step: ClassVar[bool] = False

    def __init__(self, config: dict[str, Any], source: ConfigSource) -> None:
        self.config = config
        self.source = source
        self.name: str = config["task"]
        self.version = config["version"]
        self.metric_names: list[str] = list(config.get("metrics", self.default_metrics))

    # -- data ----------------------------------------------------------------------------------
    @abstractmethod
    def load(self) -> tuple[DatasetDict, str]:
        """Build or load every split; returns the data and its content fingerprint."""

    @cached_property
    def _loaded(self) -> tuple[DatasetDict, str]:
        return self.load()

    @property
    def dataset(self) -> DatasetDict:
        return self._loaded[0]

    @property
    def fingerprint(self) -> str:
        return self._loaded[1]

    def docs(self, split: str = "test", limit: int | None = None) -> Dataset:
        if split not in self.dataset:
            raise EdgeBenchError(f"task '{self.name}' has no '{split}' split (it has: {', '.join(self.dataset)}); "
                                 f"add it to the config's dataset")
        docs = self.dataset[split]
        if len(docs) == 0:
            raise EdgeBenchError(f"task '{self.name}': the '{split}' split is empty; check the data file or generator settings")
        return docs.select(range(min(limit, len(docs)))) if limit else docs

    def resolve_file(self, relative: str) -> Path:
        """A data file a config names, relative to the config's own folder."""
        target = self.source.path.parent / relative
        if not target.is_file():
            raise EdgeBenchError(f"task config '{self.source.label}': data file '{relative}' not found "
                                 f"(paths are relative to the config's folder)")
        return target

    def file_digest(self, relative: str) -> str:
        return hashlib.sha256(self.resolve_file(relative).read_bytes()).hexdigest()

    # -- requests and scoring ------------------------------------------------------------------
    @abstractmethod
    def request(self, doc: Mapping[str, Any]) -> Request: ...

    def next_requests(self, doc: Mapping[str, Any], answers: Sequence[Result]) -> list[Request]:
        """The next round's requests for ``doc`` given its answers so far, ``[]`` when it is done: by
        default one round of one request, ``request(doc)``."""
        return [] if answers else [self.request(doc)]

    @abstractmethod
    def process(self, doc: Mapping[str, Any], result: Result) -> dict[str, Any]:
        """A per-sample record: input, output, gold, pred, per-sample scores, error type (or None)."""

    def target(self, doc: Mapping[str, Any]) -> str:
        """The gold answer as the model should write it after ``request(doc)``'s prompt: what a
        trainer teaches (``trainers.corpus.data``), so that what is trained is exactly what is scored."""
        raise EdgeBenchError(f"task '{self.name}' ({self.family}) has no gold target text to train on; "
                             f"pick a task of family json, intent, binary_filter, funccall or pii")

    def batch_group(self, doc: Mapping[str, Any]) -> str | None:
        """Rows of one group share a long prompt prefix (a trainer with ``data.group_batches`` batches
        them together, so the prefix is computed once a batch); None: the task has no such groups."""
        return None

    def train_examples(self) -> tuple[list[str], list[str]]:
        raise Unsupported(f"task '{self.name}' has no labelled train examples for a fitted baseline")

    def aggregate(self, records: Sequence[Mapping], metrics: Mapping[str, Any], *,
                  bootstrap_iters: int, seed: int) -> dict[str, float | None]:
        """Each metric with its bootstrap stderr, keyed like lm-eval (``name``, ``name_stderr``).

        With ``breakdown: [field, ...]`` in the config, each metric is also given per value of
        that record field, keyed ``name/value`` (for example ``json_exact/complex``; records without the
        field: ``name/(missing)``). A metric with an ``applies(records)`` attribute is left out of a
        group it does not apply to."""
        out: dict[str, float | None] = {}
        groups: list[tuple[str, Sequence[Mapping]]] = [("", records)]
        groups += breakdown.groups(records, self.config.get("breakdown", []))
        for suffix, group in groups:
            # a record that names no cluster (one built outside the evaluator) is its own
            clusters = [r["cluster"] if r.get("cluster") is not None else f"row:{i}" for i, r in enumerate(group)]
            for name in self.metric_names:
                fn = metrics[name]
                if not getattr(fn, "applies", lambda records: True)(group):
                    continue  # e.g. irrelevance accuracy over a group with no irrelevance records
                try:
                    out[f"{name}{suffix}"] = float(fn(group))
                except (KeyError, TypeError) as exc:
                    raise EdgeBenchError(f"task '{self.name}': metric '{name}' cannot read this family's records "
                                         f"(it needs {exc}); name metrics of the {self.family} family") from None
                out[f"{name}{suffix}_stderr"] = bootstrap_stderr(fn, group, iters=bootstrap_iters, seed=seed,
                                                                 clusters=clusters)
        return out

    def preflight(self, docs: Dataset) -> None:
        """Checks of the config against the test rows, made before any request (``run`` and ``validate``):
        every ``breakdown`` field is in some row."""
        breakdown.check_fields(self.name, self.config.get("breakdown", []), docs)

    def summary(self, records: Sequence[Mapping]) -> dict[str, Any]:
        """What results.json says about this task's records besides the metrics: how many rows each
        ``breakdown`` field's ``(missing)`` group holds."""
        missing = breakdown.missing_counts(records, self.config.get("breakdown", []))
        return {"breakdown_missing": missing} if missing else {}

    @property
    def cluster_field(self) -> str:
        """The doc field whose rows a model passes or fails together (the error bars resample it whole):
        ``dataset.cluster_field``; by default ``frame`` where rows have one (data v2: the held-out unit,
        whose templates share their core wording, so they pass or fail together too), else ``template``;
        rows without it are their own cluster."""
        spec = self.config["dataset"]
        if "cluster_field" in spec:
            return spec["cluster_field"]
        test = self.dataset["test"] if "test" in self.dataset else None
        return "frame" if test is not None and "frame" in test.column_names else "template"

    def cluster_of(self, doc: Mapping[str, Any], index: int) -> str:
        value = doc.get(self.cluster_field)
        return f"row:{index}" if value is None or value == "" else str(value)

    def fewshot_docs(self, k: int, exclude_text: str = "") -> list[Mapping[str, Any]]:
        """``k`` train examples for a k-shot prompt: the same ones for every doc (a seeded pick),
        skipping one whose text equals the doc's own."""
        if k <= 0:
            return []
        pool = self._fewshot_pool
        return [d for d in pool if d.get("text") != exclude_text][:k]

    @cached_property
    def _fewshot_pool(self) -> list[Mapping[str, Any]]:
        if "train" not in self.dataset or len(self.dataset["train"]) == 0:
            raise EdgeBenchError(f"task '{self.name}': prompt.fewshot needs a train split to draw examples from")
        k = int(self.config.get("prompt", {}).get("fewshot", 0))
        return self.dataset["train"].shuffle(seed=1234).select(range(min(k + 1, len(self.dataset["train"])))).to_list()

    def checks(self) -> Checks | None:
        """The quality validator's checks for this family's rows (see ``edgebench.data.validation``)."""
        return None

    def describe(self) -> dict[str, Any]:
        """What goes into results.json about this task."""
        return {"family": self.family, "version": self.version, "source": self.source.label,
                "origin": self.source.origin, **({"shadows": self.source.shadows} if self.source.shadows else {}),
                "config": self.config, "dataset_fingerprint": self.fingerprint,
                "splits": {name: len(split) for name, split in self.dataset.items()}}
