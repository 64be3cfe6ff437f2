"""JSON-lock against free decoding, side by side, on the same samples at the same batch size.

For every built-in EdgeJSON schema (26, three levels) and the EdgeFuncCall lock schema (built per
request from its offered functions), the embedded SmolLM2-135M-Instruct answers each sample twice
through the hf backend: unlocked, then locked. Each batch runs in both modes back to back, so a busy
CPU slows both alike. Prints, per level and in total:
- schema-valid rate: the output read the tasks' tolerant way, then checked with jsonschema against
  the task's own schema (not the bounded one the lock compiles);
- generated tokens/s and seconds per decoding step (one step = one token for every row of a
  batch), both over decode time only (the prompt pass is excluded). Free and locked rows end at
  different lengths, so these two differ for reasons that are not the lock's;
- the lock's own cost: the time it spent masking logits over the rest of the locked decode, i.e.
  the tokens/s it takes from the very same tokens (the overhead the issue's target is about);
- grammar compile time: cold (first row of each schema) and per locked row (cache hits included).
Targets (issue): 100 % schema-valid locked, <= 10 % tokens/s overhead (the lock's own cost).

    python benchmarks/json_lock.py [--samples-per-schema 1] [--funccall-samples 8] [--batch-size 8]
                                   [--max-new-tokens 384] [--dtype float32] [--threads N]
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass

import torch

from edgebench.backends.base import GenerateRequest, GenerateResult
from edgebench.machine.hardware import profile
from edgebench.metrics.json import schema_validator
from edgebench.models import load_backend
from edgebench.parsing import extract_json
from edgebench.tasks.config import select
from edgebench.tasks.edge_funccall import lock_schema, parse_calls


@dataclass
class Sample:
    group: str  # simple / medium / complex / funccall
    messages: tuple[tuple[str, str], ...]
    lock: str  # the schema as the request sends it (JSON text)

    def valid(self, text: str) -> bool:
        if self.group == "funccall":
            value, _ = parse_calls(text)
        else:
            value, _ = extract_json(text, want=(dict,))
        return value is not None and schema_validator(json.loads(self.lock)).is_valid(value)


def samples(per_schema: int, funccall: int) -> list[Sample]:
    json_task, call_task = select("edge_json,edge_funccall")
    out, taken = [], defaultdict(int)
    for doc in json_task.docs("test"):
        if taken[doc["schema"]] < per_schema:
            taken[doc["schema"]] += 1
            req = json_task.request(doc)
            out.append(Sample(doc["level"], req.messages, json_task._schema_texts[doc["schema"]]))
    for doc in call_task.docs("test", funccall):
        text = json.dumps(lock_schema(json.loads(doc["functions"])), separators=(",", ":"), ensure_ascii=False)
        out.append(Sample("funccall", call_task.request(doc).messages, text))
    return out


def run(backend, batch: list[Sample], max_new: int, locked: bool) -> tuple[list[GenerateResult], float, int]:
    """Results, decode seconds and decoding steps (the longest row's new tokens) of one batch."""
    requests = [GenerateRequest(messages=s.messages, max_new_tokens=max_new, json_schema=s.lock if locked else None)
                for s in batch]
    results = backend.generate(requests)
    # Decode time only: the prompt pass is the same locked or not, and a locked batch that ends
    # sooner would otherwise spread its prefill over fewer steps and look slower per step.
    decode = sum(r.decode_seconds or 0.0 for r in results)  # rows' shares of the batch's decode wall
    return results, decode, max(r.completion_tokens for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--samples-per-schema", type=int, default=1)
    parser.add_argument("--funccall-samples", type=int, default=8)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--max-new-tokens", type=int, default=384, help="the edge_json task's own budget")
    parser.add_argument("--dtype", default="float32")
    parser.add_argument("--threads", type=int, default=None, help="torch threads (1 on a shared CPU)")
    args = parser.parse_args()

    todo = samples(args.samples_per_schema, args.funccall_samples)
    if args.threads:
        torch.set_num_threads(args.threads)
    # rolling=False: free and locked rows both decode through model.generate, so the overhead
    # measured is the lock's alone (rolling locked rows: benchmarks/lock_rolling.py).
    backend = load_backend("hf:SmolLM2-135M-Instruct", batch_size=args.batch_size, dtype=args.dtype, rolling=False)
    backend.generate([GenerateRequest(prompt="Warm-up:", max_new_tokens=4)])  # first-call costs out of the way
    hw = profile()
    print(f"{len(todo)} samples, batch {args.batch_size}, max_new_tokens {args.max_new_tokens}, "
          f"dtype {args.dtype}; CPU: {hw['cpu']} ({hw['cpu_count']} cores, {hw['torch_threads']} torch threads)")

    valid = {m: defaultdict(list) for m in ("free", "locked")}
    tokens = {m: defaultdict(int) for m in valid}
    seconds = {m: defaultdict(float) for m in valid}
    steps = {m: defaultdict(int) for m in valid}
    masking: dict[str, float] = defaultdict(float)  # seconds the lock spent masking, per group
    cold: dict[str, float] = {}
    per_row: list[float] = []
    groups = [g for g in ("simple", "medium", "complex", "funccall") if any(s.group == g for s in todo)]
    batches = []
    for g in groups:  # a batch holds one group, so each group's speed is its own
        members = [s for s in todo if s.group == g]
        batches += [members[i:i + args.batch_size] for i in range(0, len(members), args.batch_size)]
    for n, batch in enumerate(batches, 1):
        group = batch[0].group
        for mode in ("free", "locked"):
            results, decode_s, n_steps = run(backend, batch, args.max_new_tokens, mode == "locked")
            seconds[mode][group] += decode_s  # grammar compile comes before the prompt pass: reported below
            steps[mode][group] += n_steps
            for s, r in zip(batch, results):
                valid[mode][s.group].append(s.valid(r.text))
                tokens[mode][group] += r.completion_tokens
                if mode == "locked":
                    masking[group] += r.lock_seconds or 0.0
                    per_row.append(r.lock_compile_seconds)
                    cold.setdefault(s.lock, r.lock_compile_seconds)
        print(f"  batch {n}/{len(batches)} ({group}) done", flush=True)

    def rate(mode: str, groups) -> str:
        flags = [v for g in groups for v in valid[mode][g]]
        return f"{sum(flags)}/{len(flags)} = {100 * sum(flags) / len(flags):5.1f} %"

    def speed(mode: str, groups) -> tuple[float, float]:
        t, s, k = (sum(d[mode][g] for g in groups) for d in (tokens, seconds, steps))
        return t / s, s / k

    print(f"\n{'group':10} {'schema-valid free':>22} {'schema-valid locked':>22} {'tok/s free':>10} "
          f"{'tok/s lock':>10} {'ms/step free':>12} {'ms/step lock':>12} {'lock own cost':>13}")
    for name, members in [*((g, [g]) for g in groups), ("total", groups)]:
        (tf, sf), (tl, sl) = speed("free", members), speed("locked", members)
        mask_s = sum(masking[g] for g in members)
        locked_s = sum(seconds["locked"][g] for g in members)
        own = mask_s / (locked_s - mask_s)  # the same locked tokens decoded without the masking
        print(f"{name:10} {rate('free', members):>22} {rate('locked', members):>22} {tf:10.1f} {tl:10.1f} "
              f"{1000 * sf:12.1f} {1000 * sl:12.1f} {100 * own:12.1f}%")
    colds = list(cold.values())
    print(f"\ngrammar compile: cold (first row of each of {len(colds)} schemas) mean {1000 * statistics.mean(colds):.1f} ms, "
          f"max {1000 * max(colds):.1f} ms; per locked row (cache hits included) mean "
          f"{1000 * statistics.mean(per_row):.2f} ms")
    print("decode time only (prompt pass excluded); a step is one decoding step of a whole batch. Free and locked\n"
          "rows end at different lengths (longer rows cost more per step: attention over a longer cache), so\n"
          "the lock's own cost is the time spent masking over the rest of the locked decode: the tokens/s\n"
          "it takes from the same tokens.")


if __name__ == "__main__":
    main()
