"""int8 with and without the token table, side by side on one model: bytes on disk and forward speed.

``quantize_int8`` (edgebench/backends/hf_int8.py) quantizes a model's token table too when the model has at most
``INT8_TABLE_MAX_PARAMETERS`` parameters. This prints, for one trained model folder, what that costs and saves
against Linear-only int8 and fp32: the packed state-dict bytes, and the time of a scoring-shaped forward pass
(a batch of the task's rendered test prompts, logits at every position, as the hf backend's label scoring asks).
Figures are ratios within one process, variants interleaved, so a shared core's drift hits all alike.

    python benchmarks/int8_table.py --model /work/models/mlm-60m-intent50 --task edge_intent_50 [--threads 1]
"""
from __future__ import annotations

import argparse
import statistics
import time

import torch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="a trained model folder (hf format)")
    parser.add_argument("--task", default="edge_intent_50", help="whose test prompts make the batch")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    from transformers import AutoModelForCausalLM, AutoTokenizer

    from edgebench.backends.hf_int8 import quantize_int8, saved_bytes
    from edgebench.tasks.config import select
    from trainers.corpus.data import render

    tokenizer = AutoTokenizer.from_pretrained(args.model)
    tokenizer.padding_side = "left"
    task = select(args.task, [])[0]
    docs = list(task.docs("test"))[:args.batch]
    prompts = [render(tokenizer, task.request(d).prompt, task.request(d).messages) for d in docs]
    batch = tokenizer(prompts, return_tensors="pt", padding=True, add_special_tokens=False)

    def load() -> torch.nn.Module:
        return AutoModelForCausalLM.from_pretrained(args.model, dtype=torch.float32).eval()

    variants = {"fp32": load(), "int8 Linear only": quantize_int8(load(), embeddings=False),
                "int8 + token table": quantize_int8(load(), embeddings=True)}
    times: dict[str, list[float]] = {name: [] for name in variants}
    with torch.inference_mode():
        reference = variants["fp32"](**batch).logits
        for _ in range(args.repeats + 1):  # the first round warms up and is dropped
            for name, model in variants.items():
                started = time.perf_counter()
                model(**batch)
                times[name].append(time.perf_counter() - started)
        drift = {name: float((model(**batch).logits - reference).abs().max()) for name, model in variants.items()}

    base_bytes, base_time = saved_bytes(variants["fp32"]), statistics.median(times["fp32"][1:])
    print(f"{args.model}: {sum(p.numel() for p in variants['fp32'].parameters()):,} parameters; batch {len(docs)} "
          f"x {batch['input_ids'].shape[1]} tokens of {args.task}; {args.threads} thread(s); median of {args.repeats}")
    print(f"{'variant':<20} {'bytes':>13} {'x fp32':>7} {'forward s':>10} {'x fp32':>7} {'max |Δ logits|':>15}")
    for name, model in variants.items():
        size, took = saved_bytes(model), statistics.median(times[name][1:])
        print(f"{name:<20} {size:>13,} {size / base_bytes:>7.3f} {took:>10.3f} {took / base_time:>7.2f} "
              f"{drift[name]:>15.4f}")


if __name__ == "__main__":
    main()
