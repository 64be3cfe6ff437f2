"""hf (transformers, fp32) against llama.cpp on the same SmolLM2-135M-Instruct, same samples, one process.

Both backends read the same weights: ``hf:SmolLM2-135M-Instruct`` is the embedded GGUF's Q4_1 weights
dequantised to float32, ``llamacpp:SmolLM2-135M-Instruct`` is that GGUF run as is. The differences
therefore come from llama.cpp's compute: its Q4_1 matmuls quantise the activations to 8 bits
(Q8_1) and its KV cache is float16, where transformers computes in float32 throughout.

Per classification task: prediction agreement, each backend's headline metric and the difference,
mean and max |log-prob difference| over every (sample, label) pair, and samples/s of each. Then
llama.cpp's greedy generation speed on a few chat prompts.

    python benchmarks/backend_agreement.py [--tasks edge_intent,edge_spam,edge_toxicity] [--limit 40] [--threads 2]
"""
from __future__ import annotations

import argparse
import os
import time

import numpy as np

from edgebench.backends.base import GenerateRequest
from edgebench.evaluator import RunSettings, run_task
from edgebench.machine.hardware import profile
from edgebench.models import load_backend
from edgebench.tasks.config import select

HEADLINE = {"intent": "top1_acc", "binary_filter": "f1"}


def record_scores(backend, store: list) -> None:
    """Keep every ScoreResult the evaluator gets, for the raw log-prob comparison."""
    score = backend.score

    def recording(requests):
        results = score(requests)
        store.extend(results)
        return results

    backend.score = recording


def run(backend, task, limit: int, store: list) -> tuple[dict, float]:
    task.docs("test", limit)  # data built before the clock starts
    started = time.perf_counter()
    outcome = run_task(task, backend, None, RunSettings(limit=limit, batch_size=8, bootstrap_iters=0, progress=False))
    return {"metrics": outcome.metrics, "records": outcome.records, "scores": list(store)}, \
        len(outcome.records) / (time.perf_counter() - started)


def generation_speed(backend, n: int = 5, max_new_tokens: int = 48) -> tuple[float, float]:
    """Tokens/s of greedy decoding alone, and including each prompt's prefill."""
    prompts = ["Name three colors.", "Write a haiku about the sea.", "What is a CPU?", "Give me a recipe idea.",
               "Explain rain to a child."]
    results = backend.generate([GenerateRequest(messages=(("user", p),), max_new_tokens=max_new_tokens)
                                for p in prompts[:n]])
    tokens = sum(r.completion_tokens for r in results)
    return tokens / sum(r.decode_seconds for r in results), tokens / sum(r.seconds for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", default="edge_intent,edge_spam,edge_toxicity")
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    hw = profile()
    # Speeds on a shared machine mean little: llama.cpp's busy-waiting threads suffer most from contention.
    print("load average (1/5/15 min): " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    print(f"CPU: {hw.get('cpu')}, {hw.get('cpu_affinity') or hw.get('cpu_count')} cores ({', '.join(hw.get('instruction_sets') or [])}); threads {args.threads}")
    hf_scores: list = []
    cpp_scores: list = []
    hf = load_backend("hf:SmolLM2-135M-Instruct", dtype="float32", threads=args.threads)
    cpp = load_backend("llamacpp:SmolLM2-135M-Instruct", threads=args.threads)
    record_scores(hf, hf_scores)
    record_scores(cpp, cpp_scores)

    header = f"{'task':14} {'n':>3} {'agree':>6} {'metric':>8} {'hf':>6} {'llama':>6} {'diff':>7} " \
             f"{'mean|dlp|':>9} {'max|dlp|':>8} {'hf s/s':>7} {'llama s/s':>9}"
    print(header)
    for task in select(args.tasks):
        hf_scores.clear()
        cpp_scores.clear()
        a, hf_rate = run(hf, task, args.limit, hf_scores)
        b, cpp_rate = run(cpp, task, args.limit, cpp_scores)
        agree = np.mean([x["pred"] == y["pred"] for x, y in zip(a["records"], b["records"])])
        metric = HEADLINE.get(task.family, "top1_acc")
        ma, mb = a["metrics"][metric], b["metrics"][metric]
        diffs = np.abs(np.concatenate([np.subtract(x.logprobs, y.logprobs) for x, y in zip(a["scores"], b["scores"])]))
        print(f"{task.name:14} {len(a['records']):>3} {agree:>6.3f} {metric:>8} {ma:>6.3f} {mb:>6.3f} {mb - ma:>+7.3f} "
              f"{diffs.mean():>9.4f} {diffs.max():>8.4f} {hf_rate:>7.2f} {cpp_rate:>9.2f}")

    decode_rate, overall_rate = generation_speed(cpp)
    print(f"llama.cpp greedy generation (5 chat prompts, up to 48 new tokens): {decode_rate:.1f} tokens/s decode, "
          f"{overall_rate:.1f} tokens/s including prefill")
    print("load average (1/5/15 min): " + " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
