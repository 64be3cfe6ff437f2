"""One SFT training step three ways, side by side on a recipe's real examples (its full-size model):

1. plain: the LM head on every position, cross-entropy on the target tokens (what a stock loop does);
2. head at target positions only (``trainers.fitting.losses``, the shared prefix switched off);
3. also the rows' shared prompt prefix computed once (``trainers.fitting.shared_prefix``): the default.

All three give the same loss (checked here, and in tests/test_train_distill.py). Prints examples/s and
the ratio to plain for forward + backward of one micro-batch.

    python benchmarks/target_loss.py [--recipe mlm-60m-intent-scratch] [--batch 16] [--steps 3] [--threads 1]
"""
from __future__ import annotations

import argparse
import time
from typing import Callable

import torch

from trainers.fitting import shared_prefix
from trainers.corpus.data import IGNORE, build_sft_data
from trainers.fitting.loop import collate
from trainers.fitting.losses import answer_only_loss
from trainers.modeling import load_model, load_tokenizer
from trainers.recipe import load_recipe


def plain_loss(model: torch.nn.Module, batch: dict) -> tuple[torch.Tensor, int]:
    logits = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
    labels = batch["labels"][:, 1:]
    loss = torch.nn.functional.cross_entropy(logits[:, :-1].reshape(-1, logits.shape[-1]), labels.reshape(-1),
                                             ignore_index=IGNORE, reduction="sum")
    return loss, int((labels != IGNORE).sum())


def no_prefix_loss(model: torch.nn.Module, batch: dict) -> tuple[torch.Tensor, int]:
    saved, shared_prefix.MIN_SHARED = shared_prefix.MIN_SHARED, 10 ** 9
    try:
        return answer_only_loss(model, batch)
    finally:
        shared_prefix.MIN_SHARED = saved


def timed(model: torch.nn.Module, batches: list[dict], loss_fn: Callable) -> tuple[float, float]:
    """(seconds per batch over all but the first, the first batch's loss per target token)."""
    first = None
    began = 0.0
    for i, batch in enumerate(batches):
        if i == 1:
            began = time.perf_counter()
        loss, n = loss_fn(model, batch)
        (loss / n).backward()
        model.zero_grad(set_to_none=True)
        first = float(loss.detach()) / n if first is None else first
    return (time.perf_counter() - began) / (len(batches) - 1), first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--recipe", default="mlm-60m-intent-scratch")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--steps", type=int, default=3, help="timed micro-batches (one more warms up)")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    recipe = load_recipe(args.recipe, [f"data.limit={args.batch * (args.steps + 1)}", "data.val_limit=1"])
    tokenizer = load_tokenizer(recipe["model"])
    data = build_sft_data(recipe, tokenizer)
    batches = [collate(data.train[i:i + args.batch], tokenizer.pad_token_id)
               for i in range(0, args.batch * (args.steps + 1), args.batch)]
    torch.manual_seed(0)
    model = load_model(recipe["model"], tokenizer).train()
    params = sum(p.numel() for p in model.parameters())
    tokens = sum(int(b["attention_mask"].sum()) for b in batches) / len(batches)
    shared = shared_prefix.shared_length(batches[0]["input_ids"], batches[0]["attention_mask"],
                                         batches[0]["labels"][:, 1:] != IGNORE)
    print(f"{args.recipe}: {params / 1e6:.1f}M parameters, batch {args.batch}, {tokens / args.batch:.1f} tokens per row "
          f"({shared} shared), {args.threads} thread(s), {torch.__version__}")
    base = None
    for name, fn in (("plain: head on every position", plain_loss), ("head at targets only", no_prefix_loss),
                     ("+ shared prefix once (default)", answer_only_loss)):
        seconds, loss = timed(model, batches, fn)
        base = base or seconds
        print(f"  {name:34s} {args.batch / seconds:7.2f} examples/s  x{base / seconds:.2f}  (loss {loss:.5f})")


if __name__ == "__main__":
    main()
