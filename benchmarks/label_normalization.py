"""Which length normalisation of a label's log-likelihood ranks best? One run, side by side.

A scored task ranks its labels by log-likelihood. Summed log-probability favours short labels; the mean
per token (``normalize: mean``) and lm-eval's per-byte ``acc_norm`` correct for length in two ways. This
scores each task's samples once with a model and prints top-1 accuracy under all three rankings, so that
the built-in configs' ``normalize`` can be the one that ranks better on the hand-written probe sets.

    python benchmarks/label_normalization.py [--model hf:SmolLM2-135M-Instruct]
        [--tasks probe_intent,probe_spam,probe_toxicity] [--limit N]
"""
from __future__ import annotations

import argparse
import time

from edgebench.machine.hardware import cpu_flags
from edgebench.models import load_backend
from edgebench.tasks.config import select


def rankings(task, result) -> dict[str, str]:
    """The top label under each normalisation."""
    prefix = task.prompt.get("continuation_prefix", "")
    counts = result.num_tokens or [1] * len(result.logprobs)
    values = {
        "sum": list(result.logprobs),
        "mean/token": [lp / max(n, 1) for lp, n in zip(result.logprobs, counts)],
        "mean/byte": [lp / max(1, len((prefix + label).encode("utf-8"))) for lp, label in zip(result.logprobs, task.labels)],
    }
    return {name: task.labels[max(range(len(v)), key=v.__getitem__)] for name, v in values.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="hf:SmolLM2-135M-Instruct")
    parser.add_argument("--tasks", default="probe_intent,probe_spam,probe_toxicity")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    backend = load_backend(args.model)
    print(f"CPU: {cpu_flags()[0]}; model {args.model}")
    print(f"{'task':<18} {'n':>5} | {'sum':>6} {'mean/token':>10} {'mean/byte':>9} | s")
    for name in args.tasks.split(","):
        task = select(name)[0]
        docs = task.docs("test")
        docs = docs.select(range(min(len(docs), args.limit))) if args.limit else docs
        started = time.perf_counter()
        backend.prepare(task)
        results = backend.score([task.request(doc) for doc in docs])
        right = {"sum": 0, "mean/token": 0, "mean/byte": 0}
        for doc, result in zip(docs, results):
            for key, label in rankings(task, result).items():
                right[key] += label == str(doc["label"])
        n = len(docs)
        print(f"{name:<18} {n:>5} | {right['sum'] / n:>6.3f} {right['mean/token'] / n:>10.3f} "
              f"{right['mean/byte'] / n:>9.3f} | {time.perf_counter() - started:.0f}")


if __name__ == "__main__":
    main()
