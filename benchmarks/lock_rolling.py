"""JSON-locked decoding three ways, side by side on the same edge_json test rows: ``model.generate``
batches (the lock as a logits processor), the rolling batch one token a step (``jump_forward=1``), and
the rolling batch feeding each row's grammar-forced run at once (``jump_forward=N``).

Every way must write the same text (greedy decoding, the same lock); the script checks it and prints
wall seconds, generated tokens/s and the ratio to ``generate``. float32 by default, where rows are equal
across batch compositions.

    python benchmarks/lock_rolling.py [--model hf:SmolLM2-135M-Instruct] [--rows 16] [--batch-size 8]
                                      [--jumps 1,4,8] [--dtype float32] [--threads N]
"""
from __future__ import annotations

import argparse
import time

import torch

from edgebench.backends.base import GenerateRequest
from edgebench.machine.hardware import profile
from edgebench.models import load_backend
from edgebench.tasks.config import select


def requests(rows: int) -> list[GenerateRequest]:
    task = select("edge_json")[0]
    return [GenerateRequest(messages=task.request(d).messages, max_new_tokens=384,
                            json_schema=task._schema_texts[d["schema"]]) for d in task.docs("test", rows)]


def timed(backend, todo: list[GenerateRequest]) -> tuple[list[str], float, int]:
    started = time.perf_counter()
    results = backend.generate(todo)
    return [r.text for r in results], time.perf_counter() - started, sum(r.completion_tokens for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default="hf:SmolLM2-135M-Instruct")
    parser.add_argument("--rows", type=int, default=16)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--jumps", default="1,4,8")
    parser.add_argument("--dtype", default="float32")
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    todo = requests(args.rows)
    hw = profile()
    print(f"{len(todo)} edge_json test rows locked, {args.model}, batch {args.batch_size}, dtype {args.dtype}; "
          f"CPU: {hw['cpu']} ({hw['cpu_count']} cores, {torch.get_num_threads()} torch threads)")
    ways = [("generate", {"rolling": False})] + [(f"rolling, jump {j}", {"jump_forward": int(j)})
                                                 for j in args.jumps.split(",")]
    rows, reference = [], None
    for name, settings in ways:
        backend = load_backend(args.model, batch_size=args.batch_size, dtype=args.dtype, **settings)
        backend.generate([GenerateRequest(prompt="Warm-up:", max_new_tokens=4)])
        timed(backend, todo[:1])  # grammar compile and first-call costs out of the way
        texts, seconds, tokens = timed(backend, todo)
        reference = reference or texts
        same = sum(a == b for a, b in zip(texts, reference))
        rows.append((name, seconds, tokens, same))
    base = rows[0][1]
    print(f"\n{'way':18} {'seconds':>8} {'tokens':>7} {'tok/s':>7} {'x generate':>10} {'same text':>10}")
    for name, seconds, tokens, same in rows:
        print(f"{name:18} {seconds:8.1f} {tokens:7d} {tokens / seconds:7.1f} {base / seconds:10.2f} "
              f"{same:>5}/{len(todo)}")


if __name__ == "__main__":
    main()
