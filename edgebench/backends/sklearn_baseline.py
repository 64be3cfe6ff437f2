"""``sklearn:tfidf-logreg``: a TF-IDF + logistic-regression baseline for classification tasks.

It fits on the task's train split (``prepare``) and answers ``score`` with class log-probabilities,
so the same tasks and metrics rank it beside the language models. Each task gets its own pipeline, so
its size and fit time are reported per task (``task_cost``); the run-level size is the largest.
"""
from __future__ import annotations

import hashlib
import json
import math
import pickle
import time
from typing import Any, Sequence

from edgebench.backends.base import Backend, GenerateRequest, GenerateResult, ScoreRequest, ScoreResult
from edgebench.errors import EdgeBenchError, Unsupported

MODELS = ("tfidf-logreg", "tfidf-lr")  # one pipeline; "tfidf-lr" is the short name
UNSEEN_CLASS_LOGPROB = math.log(1e-12)  # a label the train split never showed


class SklearnBackend(Backend):
    scheme = "sklearn"

    def __init__(self, spec: str, *, batch_size: int = 8, threads: int | None = None, **settings: Any) -> None:
        if settings:
            raise EdgeBenchError(f"{spec} has no {', '.join(sorted(settings))} setting; drop "
                                 + ", ".join(f"--{k.replace('_', '-')}" for k in sorted(settings)))
        super().__init__(spec, batch_size=batch_size, **({"threads": threads} if threads else {}))
        if threads:
            from threadpoolctl import threadpool_limits

            threadpool_limits(limits=threads)  # BLAS/OpenMP pools that fitting and scoring use, process-wide
        self.name = spec.partition(":")[2]
        if self.name not in MODELS:
            raise EdgeBenchError(f"unknown model '{spec}'; the sklearn backend offers: "
                                 + ", ".join(f"sklearn:{m}" for m in MODELS))
        self.pipeline = None
        self.trained_on: str | None = None
        self.fits: dict[str, dict[str, Any]] = {}  # task name -> its pipeline's fit_s, parameters, bytes
        self.fitted_for: str | None = None

    @classmethod
    def offline_models(cls) -> list[str]:
        return [f"sklearn:{m}" for m in MODELS]

    def _new_pipeline(self):
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline, make_union
        from sklearn.feature_extraction.text import TfidfVectorizer

        # Word n-grams for meaning, character n-grams for typos and unseen word forms.
        features = make_union(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, lowercase=True),
        )
        return make_pipeline(features, LogisticRegression(max_iter=2000, C=10.0))

    @staticmethod
    def _check_memory(task: str, n_features: int, n_classes: int) -> None:
        """Refuse a fit whose dense weights cannot fit: L-BFGS keeps the coefficients (classes x features,
        float64) several times over (gradient, ~10 history pairs), so about 24 copies."""
        import psutil

        need = 24 * 8 * n_features * n_classes
        have = psutil.virtual_memory().available
        if need > have:
            raise Unsupported(f"task '{task}': fitting the sklearn baseline on {n_classes:,} labels x {n_features:,} "
                              f"features needs about {need / 2**30:.1f} GiB, and {have / 2**30:.1f} GiB is free; "
                              f"use fewer labels or a smaller train split")

    def prepare(self, task: Any) -> None:
        self.fitted_for = None  # until this task's fit succeeds, no figures for it
        texts, labels = task.train_examples()
        if len(set(labels)) < 2:
            raise Unsupported(f"task '{task.name}': the sklearn baseline needs a train split with at least "
                              f"two labels; add a train file to the task config")
        started = time.perf_counter()
        pipeline = self._new_pipeline()
        features = pipeline.steps[0][1].fit_transform(texts)
        self._check_memory(task.name, features.shape[1], len(set(labels)))
        pipeline.steps[-1][1].fit(features, labels)  # the same fit as pipeline.fit, features computed once
        self.pipeline = pipeline
        self.fit_seconds = time.perf_counter() - started
        self.trained_on = task.fingerprint
        self.fits[task.name] = {"fit_s": round(self.fit_seconds, 4), "model_parameters": self._parameter_count(),
                                "model_bytes": len(pickle.dumps(pipeline))}  # the pickle: what shipping it costs
        self.fitted_for = task.name

    def task_cost(self) -> dict[str, Any]:
        return dict(self.fits[self.fitted_for]) if self.fitted_for else {}

    def generate(self, requests: Sequence[GenerateRequest]) -> list[GenerateResult]:
        raise Unsupported(f"{self.spec} only scores labels; run it on multiple-choice tasks")

    def score(self, requests: Sequence[ScoreRequest]) -> list[ScoreResult]:
        if self.pipeline is None:
            raise EdgeBenchError(f"{self.spec} was asked to score before it was fitted on a train split")
        started = time.perf_counter()
        classes = {c: i for i, c in enumerate(self.pipeline.classes_)}
        table = self.pipeline.predict_log_proba([r.text for r in requests])
        seconds = (time.perf_counter() - started) / max(len(requests), 1)
        results = []
        for row, req in zip(table, requests):
            lps = [float(row[classes[c.strip()]]) if c.strip() in classes else UNSEEN_CLASS_LOGPROB
                   for c in req.continuations]
            results.append(ScoreResult(logprobs=lps, num_tokens=[1] * len(lps), seconds=seconds))
        return results

    def info(self) -> dict[str, Any]:
        settings = {"model": self.name, "trained_on": self.trained_on}
        fits = self.fits.values()
        return {
            "backend": self.scheme,
            "spec": self.spec,
            "source": "scikit-learn pipeline fitted on each task's train split",
            # one pipeline per task: the largest here, each task's own in its cost (model_parameters, model_bytes)
            "parameters": max((f["model_parameters"] for f in fits), default=0),
            "bytes_on_disk": max((f["model_bytes"] for f in fits), default=0),
            "per_task_models": True,
            "fit_s": round(sum(f["fit_s"] for f in fits), 4),
            "dtype": "float64",
            "quantization": None,
            "threads": self.settings.get("threads"),
            "hash": hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest(),
        }

    def _parameter_count(self) -> int:
        if self.pipeline is None:
            return 0
        clf = self.pipeline[-1]
        return int(clf.coef_.size + clf.intercept_.size)
