"""Rounds of requests: how every caller (the run loop, the API, a submission's checks) asks a task's
questions, so that a task asking more than once per doc is asked the same way everywhere.

A task's ``next_requests(doc, answers)`` gives the next round's requests for a doc from the answers
so far (``[]`` when the doc is done): one round of one request for most tasks, several requests at
once (``edge_guard``) or one request per round built on the answer before it (``edge_aggregate``).
Each round's requests of every doc go to the backend together, so batching works as for one request.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping, Sequence

from edgebench.backends.base import GenerateResult, Request, Result, ScoreResult

Answer = Callable[[list[Request]], Sequence[Result]]


def run_rounds(task: Any, docs: Sequence[Mapping[str, Any]], answer: Answer,
               on_round: Callable[[int], None] | None = None) -> list[list[Result]]:
    """Every doc's answers, in the order they were asked; ``answer(requests)`` answers one round's
    requests in order; ``on_round(n)`` hears how many requests a round has before it is asked."""
    answers: list[list[Result]] = [[] for _ in docs]
    active = list(range(len(docs)))
    while active:
        asked: list[tuple[int, Request]] = [(i, r) for i in active for r in task.next_requests(docs[i], answers[i])]
        if not asked:
            break
        if on_round is not None:
            on_round(len(asked))
        results = answer([r for _, r in asked])
        if len(results) != len(asked):  # an answer function's bug, never a model's: fail loudly
            raise RuntimeError(f"{task.name}: {len(results)} answers for {len(asked)} requests")
        for (i, _), result in zip(asked, results):
            answers[i].append(result)
        active = sorted({i for i, _ in asked})
    return answers


def process(task: Any, doc: Mapping[str, Any], answers: Sequence[Result]) -> dict[str, Any]:
    """The doc's record: ``task.process(doc, answer)`` for a one-request task, ``task.process(doc,
    answers)`` for a task that asks in rounds (``multi_step``). ``error`` is the first unusable
    answer's reason, over what parsing made of it."""
    record = task.process(doc, list(answers)) if getattr(task, "multi_step", False) else task.process(doc, answers[0])
    reason = next((a.error for a in answers if a.error), None)
    if reason:
        record["error"] = reason
    return record


def blank(request: Request) -> Result:
    """An empty answer of the request's kind: brings out what a record takes from the doc alone."""
    if request.kind == "generate":
        return GenerateResult(text="")
    return ScoreResult(logprobs=[0.0] * len(request.continuations))


def blank_record(task: Any, doc: Mapping[str, Any]) -> dict[str, Any]:
    """The record ``task`` writes for ``doc`` when every answer is empty."""
    return process(task, doc, run_rounds(task, [doc], lambda requests: [blank(r) for r in requests])[0])


def generative(answers: Sequence[Result]) -> bool:
    return any(isinstance(a, GenerateResult) for a in answers)
