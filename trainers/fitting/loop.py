"""The one training loop every recipe uses (plain torch).

Micro-batches of ``batch_size`` come from a flat stream over epochs, each epoch a permutation
seeded by (seed, epoch); ``grad_accumulation`` of them make one optimizer step. Step ``s`` always
reads the same micro-batches, so the data position of a checkpoint is its step, and a resumed run
sees exactly what an uninterrupted one would. The loss of a step is the mean over every target
token of its micro-batches together (not a mean of micro-batch means).
"""
from __future__ import annotations

import contextlib
import math
import signal
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np
import torch
from tqdm import tqdm

from edgebench.machine import hardware
from edgebench.errors import EdgeBenchError, Interrupted
from trainers.fitting.checkpoint import Checkpoints, rng_state, set_rng_state
from trainers.corpus.data import IGNORE, Example
from trainers.fitting.logs import RunLog
from trainers.fitting.losses import answer_only_loss

Batch = dict[str, Any]
# (model, batch) -> (summed loss over the batch's target tokens, number of target tokens)
LossFn = Callable[[torch.nn.Module, Batch], tuple[torch.Tensor, int]]
# (trainable parameters, the recipe's optimizer section) -> an optimizer (e.g. 8-bit AdamW)
OptimizerFactory = Callable[[list[torch.nn.Parameter], dict[str, Any]], torch.optim.Optimizer]
# (step, tokens/s of this run) -> extra fields for that step's log record (e.g. MFU)
OnLog = Callable[[int, float], dict[str, Any]]


@dataclass
class FitResult:
    steps: int                   # the step the run reached
    total_steps: int
    finished: bool               # False when stop_after ended it early
    first_loss: float | None     # training loss of the training's first step (a resumed run reads it from the log)
    last_loss: float | None
    initial_val_loss: float | None  # validation loss before the first step (a resumed run: from the log)
    best_val_loss: float | None
    best_checkpoint: str | None
    train_seconds: float         # this run's wall time in the loop
    tokens: int                  # tokens this run read (prompt + target)
    tokens_per_s: float
    precision: str
    device: str


def collate(examples: Sequence[Example], pad_id: int) -> Batch:
    """Right-padded input ids, attention mask and labels (IGNORE on padding)."""
    width = max(len(e.input_ids) for e in examples)
    ids = torch.full((len(examples), width), pad_id, dtype=torch.long)
    labels = torch.full((len(examples), width), IGNORE, dtype=torch.long)
    mask = torch.zeros((len(examples), width), dtype=torch.long)
    for row, e in enumerate(examples):
        n = len(e.input_ids)
        ids[row, :n] = torch.tensor(e.input_ids)
        labels[row, :n] = torch.tensor(e.labels)
        mask[row, :n] = 1
    batch = {"input_ids": ids, "attention_mask": mask, "labels": labels, "sources": [e.source for e in examples],
             "soft": [e.soft for e in examples]}
    if any(e.tags is not None for e in examples):  # span-tagging rows (trainers.teaching.span_tagging)
        tags = torch.full((len(examples), width), IGNORE, dtype=torch.long)
        for row, e in enumerate(examples):
            if e.tags is not None:
                tags[row, :len(e.tags)] = torch.tensor(e.tags)
        batch["tags"] = tags
        batch["tag_weight"] = [e.tag_weight for e in examples]
    return batch


def resolve_precision(wanted: str) -> str:
    """bf16 autocast only where the hardware computes bf16 natively (emulated bf16 is slower than fp32)."""
    native = hardware.native_bf16()
    if wanted == "bf16" and not native:
        print("note: precision bf16 asked, but this hardware has no native bf16; training in fp32", file=sys.stderr)
    return "bf16" if wanted in ("bf16", "auto") and native else "fp32"


class Stream:
    """Which examples micro-batch ``m`` holds: epoch ``m // per_epoch``, permuted by (seed, epoch).

    With ``groups`` (one key or None per example), each micro-batch holds rows of one group only: every
    epoch permutes the rows, cuts each group's rows into batches, and shuffles the batches' order."""

    def __init__(self, n: int, batch_size: int, seed: int, groups: Sequence[str | None] | None = None) -> None:
        self.n, self.batch_size, self.seed = n, batch_size, seed
        self.groups = list(groups) if groups is not None and any(g is not None for g in groups) else None
        if self.groups is None:
            self.per_epoch = math.ceil(n / batch_size)
        else:
            sizes = Counter(self.groups)
            self.per_epoch = sum(math.ceil(c / batch_size) for c in sizes.values())
        self._orders: dict[int, list[list[int]]] = {}

    def _epoch(self, epoch: int) -> list[list[int]]:
        rng = np.random.default_rng([self.seed, epoch])
        order = [int(i) for i in rng.permutation(self.n)]
        if self.groups is None:
            return [order[j:j + self.batch_size] for j in range(0, self.n, self.batch_size)]
        buckets: dict[str | None, list[int]] = {}
        for i in order:
            buckets.setdefault(self.groups[i], []).append(i)
        batches = [rows[j:j + self.batch_size] for rows in buckets.values()
                   for j in range(0, len(rows), self.batch_size)]
        return [batches[k] for k in rng.permutation(len(batches))]

    def indices(self, m: int) -> list[int]:
        epoch, j = divmod(m, self.per_epoch)
        if epoch not in self._orders:
            self._orders = {epoch: self._epoch(epoch)}
        return self._orders[epoch][j]


def total_steps(recipe: Any, per_epoch: int) -> int:
    """Optimizer steps: ``schedule.max_steps``, else the epochs of ``per_epoch`` micro-batches."""
    schedule = recipe["schedule"]
    if schedule.get("max_steps"):
        return int(schedule["max_steps"])
    micro = math.ceil(schedule["epochs"] * per_epoch)
    return max(1, math.ceil(micro / recipe["grad_accumulation"]))


def make_optimizer(model: torch.nn.Module, recipe: Any, factory: OptimizerFactory | None = None
                   ) -> tuple[torch.optim.Optimizer, list[torch.nn.Parameter]]:
    """AdamW (or ``factory``'s optimizer) over the parameters that train (a LoRA adapter, or every weight)."""
    opt = recipe["optimizer"]
    params = [p for p in model.parameters() if p.requires_grad]
    if not params:
        raise EdgeBenchError("the model has no trainable parameters; check the recipe's objective")
    if factory is not None:
        return factory(params, opt), params
    optimizer = torch.optim.AdamW(params, lr=opt["lr"], betas=tuple(opt["betas"]), eps=opt["eps"],
                                  weight_decay=opt["weight_decay"])
    return optimizer, params


def fit(model: torch.nn.Module, train: Sequence[Example], validation: Sequence[Example], recipe: Any,
        run_dir: Path, *, pad_id: int, resume: bool = False, stop_after: int | None = None,
        loss_fn: LossFn = answer_only_loss, meta: dict[str, Any] | None = None,
        optimizer_factory: OptimizerFactory | None = None, on_log: OnLog | None = None) -> FitResult:
    """Train ``model`` in place on ``train``; logs, TensorBoard events and checkpoints go in ``run_dir``.

    ``resume`` continues from the latest checkpoint in ``run_dir/checkpoints``; ``stop_after`` ends
    this run after that many optimizer steps (with a checkpoint), to be resumed later. ``loss_fn``
    is what a recipe changes (distillation, weighted multitask); ``meta`` goes into checkpoints;
    ``optimizer_factory`` replaces AdamW; ``on_log`` adds fields to each logged step."""
    from transformers import get_scheduler

    device = "cuda" if torch.cuda.is_available() else "cpu"
    precision = resolve_precision(recipe["precision"])
    model.to(device)
    stream = Stream(len(train), recipe["batch_size"], recipe["seed"], [e.group for e in train])
    steps = total_steps(recipe, stream.per_epoch)
    optimizer, params = make_optimizer(model, recipe, optimizer_factory)
    name = {"constant": "constant_with_warmup"}.get(recipe["schedule"]["type"], recipe["schedule"]["type"])
    scheduler = get_scheduler(name, optimizer, num_warmup_steps=recipe["schedule"]["warmup_steps"],
                              num_training_steps=steps)
    checkpoints = Checkpoints(run_dir / "checkpoints", recipe["keep_last"])
    meta = {"recipe_hash": recipe.training_hash(), "total_steps": steps, **(meta or {})}

    start = 0
    if resume:
        latest = checkpoints.latest()
        if latest is None:
            raise EdgeBenchError(f"--resume: no checkpoint in {run_dir / 'checkpoints'}; run without --resume to start")
        if checkpoints.meta(latest).get("recipe_hash") != meta["recipe_hash"]:
            raise EdgeBenchError(f"--resume: checkpoint '{latest}' was made by a different recipe (training keys or "
                                 f"--set values differ); use the same ones, or a new --out to start over")
        start = checkpoints.load(latest, model, optimizer, scheduler)["step"]

    log = RunLog(run_dir, start_step=start)
    log.write(start, event="start", resumed=resume, total_steps=steps, precision=precision, device=device,
              train_examples=len(train), validation_examples=len(validation))
    accum = recipe["grad_accumulation"]
    autocast = (torch.autocast(device_type=device, dtype=torch.bfloat16) if precision == "bf16"
                else contextlib.nullcontext())
    end = steps if stop_after is None else min(steps, start + stop_after)
    best_val = min((m["val_loss"] for m in map(checkpoints.meta, checkpoints.all()) if m.get("val_loss") is not None),
                   default=None)
    # a resumed run continues the whole training's figures, which the log kept from the earlier runs
    earlier = log.records() if start else []
    first_loss = next((r["loss"] for r in earlier if "loss" in r), None)
    last_loss = None
    run_tokens, began = 0, time.perf_counter()
    val_loss, val_step = None, -1

    def validate(step: int) -> float:
        nonlocal val_step, val_loss, best_val
        (val_loss, per_source), val_step = evaluate_loss(model, validation, recipe["batch_size"], pad_id, device,
                                                         autocast, loss_fn), step
        if step > 0:  # "best" is among trained weights
            best_val = val_loss if best_val is None else min(best_val, val_loss)
        log.write(step, val_loss=val_loss, **{f"val_loss/{source}": v for source, v in per_source.items()})
        return val_loss

    initial_val = (validate(0) if start == 0 and validation  # the baseline the run must beat
                   else next((r["val_loss"] for r in earlier if "val_loss" in r and r["step"] == 0), None))
    model.train()
    bar = tqdm(total=steps, initial=start, desc=f"train {recipe.name}", unit="step", dynamic_ncols=True,
               disable=not recipe["progress"])
    done, step_rng = start, rng_state()  # the last finished step, and the RNG as it began the next one
    try:
        with _sigterm_as_interrupt():
            for step in range(start + 1, end + 1):
                micro = [[train[i] for i in stream.indices((step - 1) * accum + k)] for k in range(accum)]
                n_target = sum(e.targets() for mb in micro for e in mb)
                step_loss = 0.0
                for examples in micro:
                    batch = _to(collate(examples, pad_id), device)
                    with autocast:
                        loss_sum, _ = loss_fn(model, batch)
                    (loss_sum / max(n_target, 1)).backward()
                    step_loss += float(loss_sum.detach()) / max(n_target, 1)
                    run_tokens += int(batch["attention_mask"].sum())
                with _deferred_interrupt():  # weights, optimizer and schedule move together or not at all
                    if recipe["optimizer"]["max_grad_norm"]:
                        torch.nn.utils.clip_grad_norm_(params, recipe["optimizer"]["max_grad_norm"])
                    optimizer.step()
                    scheduler.step()
                    optimizer.zero_grad(set_to_none=True)
                    done, step_rng = step, rng_state()

                elapsed = time.perf_counter() - began
                rate = run_tokens / elapsed if elapsed else 0.0
                first_loss = step_loss if first_loss is None else first_loss
                last_loss = step_loss
                bar.set_postfix(loss=f"{step_loss:.4f}", tok_s=f"{rate:.0f}", refresh=False)
                bar.update(1)
                if step % recipe["log_every"] == 0 or step == start + 1 or step == end:
                    log.write(step, loss=step_loss, lr=scheduler.get_last_lr()[0], tokens_per_s=round(rate, 1),
                              tokens=run_tokens, elapsed_s=round(elapsed, 2), **(on_log(step, rate) if on_log else {}))
                if step % recipe["eval_every"] == 0 or step == steps:
                    validate(step)
                if step % recipe["save_every"] == 0 or step == end:
                    current = val_loss if val_step == step else validate(step)
                    checkpoints.save(step, model, optimizer, scheduler, val_loss=current, meta=meta)
    except KeyboardInterrupt:
        raise _save_interrupted(done, start, step_rng, checkpoints, model, optimizer, scheduler, meta, log) from None
    finally:
        bar.close()
        log.close()
    elapsed = time.perf_counter() - began
    best = checkpoints.best()
    return FitResult(steps=end, total_steps=steps, finished=end == steps, first_loss=first_loss, last_loss=last_loss,
                     initial_val_loss=initial_val, best_val_loss=best_val, best_checkpoint=str(best) if best else None,
                     train_seconds=round(elapsed, 2), tokens=run_tokens,
                     tokens_per_s=round(run_tokens / elapsed, 1) if elapsed else 0.0, precision=precision,
                     device=device)


def _save_interrupted(done: int, start: int, step_rng: dict[str, Any], checkpoints: Checkpoints,
                      model: torch.nn.Module, optimizer: torch.optim.Optimizer, scheduler: Any, meta: dict[str, Any],
                      log: RunLog) -> Interrupted:
    """Checkpoint the last finished step (the unfinished one's gradients dropped, the RNG put back to
    where that step began) so that ``--resume`` goes on exactly; the error that says so."""
    optimizer.zero_grad(set_to_none=True)
    folder = checkpoints.folder
    if done == start:
        return Interrupted(f"stopped before step {start + 1} finished; nothing new to save in {folder}")
    latest = checkpoints.latest()
    if latest is None or Checkpoints.meta(latest)["step"] != done:
        set_rng_state(step_rng)
        checkpoints.save(done, model, optimizer, scheduler, val_loss=None, meta=meta)
    log.write(done, event="interrupted")
    return Interrupted(f"stopped after step {done}; checkpoint saved in {folder}; continue with the same "
                       f"command and --resume")


@contextlib.contextmanager
def _sigterm_as_interrupt():
    """A ``kill`` (SIGTERM) stops training the way Ctrl-C does: checkpointed. Main thread only."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def _deferred_interrupt():
    """Ctrl-C / SIGTERM arriving inside the block is raised when it ends, not halfway through it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {sig: signal.signal(sig, lambda signum, frame: caught.append(signum))
                for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if caught:
        raise KeyboardInterrupt


def _to(batch: Batch, device: str) -> Batch:
    return {k: v.to(device) if isinstance(v, torch.Tensor) else v for k, v in batch.items()}


@torch.no_grad()
def evaluate_loss(model: torch.nn.Module, examples: Sequence[Example], batch_size: int, pad_id: int, device: str,
                  autocast: Any, loss_fn: LossFn = answer_only_loss) -> tuple[float, dict[str, float]]:
    """Mean loss per target token over ``examples``, and the same per source (task or file) when there
    are several: one mean over a mixture hides a task that overfits behind one that does not, and the
    task with the longest answers (PII's JSON against a one-token label) dominates it. Batches never mix
    sources. Dropout off; no RNG is drawn."""
    was_training = model.training
    model.eval()
    sums: dict[str, list[float]] = {}
    by_source: dict[str, list[Example]] = {}
    for example in examples:
        by_source.setdefault(example.source, []).append(example)
    for source, rows in by_source.items():
        total, count = 0.0, 0
        for start in range(0, len(rows), batch_size):
            batch = _to(collate(rows[start:start + batch_size], pad_id), device)
            with autocast:
                loss_sum, n = loss_fn(model, batch)
            total, count = total + float(loss_sum), count + n
        sums[source] = [total, count]
    model.train(was_training)
    overall = sum(t for t, _ in sums.values()) / max(sum(c for _, c in sums.values()), 1)
    per_source = {source: t / max(c, 1) for source, (t, c) in sums.items()} if len(sums) > 1 else {}
    return overall, per_source
