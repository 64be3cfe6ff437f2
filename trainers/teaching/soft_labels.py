"""A teacher's label probabilities for a student's binary-filter rows (``objective.teacher``).

The teacher is any EdgeBench backend that scores labels (a fine-tuned ``hf:`` folder): each row's
request is the one the task sends at evaluation, and its probabilities are the softmax of the task's
own label scores (``Task.label_values``), exactly what ``edgebench run`` would rank. The student learns
them at its first answer token, mixed with the gold label (``soft_label_loss``): a borderline message
teaches "70 % spam", not a hard 1. Probabilities are cached on disk by teacher weights and request, so
a resumed run does not pay for the teacher again.
"""
from __future__ import annotations

import hashlib
import json
import math
from typing import Any, Mapping, Sequence

import torch
from tqdm import tqdm

from edgebench.errors import EdgeBenchError
from trainers.fitting.losses import target_logits


class SoftLabels:
    """Collects rows (``want``) while the data is built, then runs the teacher once (``resolve``)."""

    def __init__(self, spec: str, student_tokenizer: Any, *, batch_size: int = 16, threads: int | None = None,
                 progress: bool = True) -> None:
        self.spec, self.tokenizer = spec, student_tokenizer
        self.batch_size, self.threads, self.progress = batch_size, threads, progress
        self.pending: list[tuple[Any, Any, tuple[int, ...]]] = []  # (task, request, student label token ids)

    def want(self, task: Any, doc: Mapping[str, Any]) -> int | None:
        """An index into the teacher's answers for a binary-filter row, else None (PII: gold only)."""
        if getattr(task, "family", None) != "binary_filter":
            return None
        ids = tuple(self.tokenizer(label, add_special_tokens=False)["input_ids"][0] for label in task.labels)
        if len(set(ids)) != len(ids):
            raise EdgeBenchError(f"objective.teacher: task '{task.name}' labels {task.labels} start with the same "
                                 f"student token; the teacher's probabilities cannot be taught at one position")
        self.pending.append((task, task.request(doc), ids))
        return len(self.pending) - 1

    def _cache_path(self, weights: str):
        from edgebench.models import cache_root

        h = hashlib.sha256(weights.encode())
        for task, request, _ in self.pending:
            h.update((task.name + request.key()).encode())
        return cache_root() / "soft-labels" / f"{h.hexdigest()[:24]}.json"

    def probabilities(self) -> list[list[float]]:
        """Each pending row's teacher probabilities over its task's labels (cached)."""
        from edgebench.models import load_backend

        backend = load_backend(self.spec, batch_size=self.batch_size, threads=self.threads)
        info = backend.info()
        weights = f"{info['hash']}/{info['dtype']}"  # the hf: backend's weights + answer-files hash
        path = self._cache_path(weights)
        if path.exists():
            return json.loads(path.read_text())
        # rows scored so far, one JSON list a line: a run killed while the teacher scores (an hour for 14k rows
        # on one CPU thread) continues where it stopped; a torn last line is scored again
        partial = path.with_suffix(".partial.jsonl")
        out: list[list[float]] = []
        if partial.exists():
            for line in partial.read_text().splitlines():
                try:
                    row = json.loads(line)
                except ValueError:
                    break
                if not isinstance(row, list):
                    break
                out.append(row)
            out = out[:len(self.pending)]
        path.parent.mkdir(parents=True, exist_ok=True)
        bar = tqdm(total=len(self.pending), initial=len(out), desc=f"teacher {self.spec}", unit="row",
                   disable=not self.progress)
        with partial.open("w") as fh:
            fh.writelines(json.dumps(row) + "\n" for row in out)
            for start in range(len(out), len(self.pending), self.batch_size * 4):
                chunk = self.pending[start:start + self.batch_size * 4]
                results = backend.score([request for _, request, _ in chunk])
                for (task, _, _), result in zip(chunk, results):
                    values = task.label_values(result)
                    if any(math.isnan(v) for v in values):
                        raise EdgeBenchError(f"objective.teacher: '{self.spec}' gave no usable scores on a "
                                             f"'{task.name}' row; check that it is a model that scores labels")
                    top = max(values)
                    weights_ = [math.exp(v - top) for v in values]
                    out.append([w / sum(weights_) for w in weights_])
                    fh.write(json.dumps(out[-1]) + "\n")
                fh.flush()
                bar.update(len(chunk))
        bar.close()
        path.write_text(json.dumps(out))
        partial.unlink()
        return out

    def resolve(self, examples: Sequence[Any]) -> dict[str, Any]:
        """Replace each example's pending index by (student label token ids, teacher probabilities)."""
        if not self.pending:
            return {"teacher": self.spec, "rows": 0}
        probs = self.probabilities()
        agree = 0
        for example in examples:
            if isinstance(example.soft, int):
                task, _, ids = self.pending[example.soft]
                p = probs[example.soft]
                gold = next((i for i, token in enumerate(ids) if token in example.labels), None)
                agree += int(gold is not None and max(range(len(p)), key=p.__getitem__) == gold)
                example.soft = (ids, tuple(p))
        return {"teacher": self.spec, "rows": len(self.pending), "teacher_agrees_with_gold": agree}


def soft_label_loss(weight: float):
    """The loop's ``loss_fn``: cross-entropy on every answer token, where a row has teacher probabilities
    its first answer token's loss is ``(1 - weight) x gold + weight x soft`` cross-entropy."""

    def loss_fn(model: torch.nn.Module, batch: dict) -> tuple[torch.Tensor, int]:
        logits, labels, picked = target_logits(model, batch)
        logp = torch.log_softmax(logits.float(), dim=-1)
        per_token = -logp.gather(1, labels[:, None])[:, 0]
        counts = picked.sum(dim=1)
        starts = torch.cumsum(counts, 0) - counts  # each row's first answer token in row-major order
        soft_rows = [(row, s) for row, s in enumerate(batch.get("soft") or []) if s and counts[row] > 0]
        if soft_rows:
            index = torch.stack([starts[row] for row, _ in soft_rows])
            ids = torch.tensor([s[0] for _, s in soft_rows], device=logp.device)
            probs = torch.tensor([s[1] for _, s in soft_rows], device=logp.device, dtype=logp.dtype)
            soft = -(probs * logp[index[:, None], ids]).sum(dim=1)
            per_token = per_token.index_put((index,), (1 - weight) * per_token[index] + weight * soft)
        return per_token.sum(), int(picked.sum())

    return loss_fn
