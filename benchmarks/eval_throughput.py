"""EdgeBench's default evaluation path against a plain batch-1 loop, on the same samples, at the same dtype.

Both paths see the same task requests and the same rendered prompts; only the compute differs:
- plain: transformers, one request at a time: ``generate`` for generative tasks, one full forward of
  context + label per candidate label for scored tasks (what a naive harness does);
- edgebench: ``edgebench.evaluator.evaluate`` with the backend's default settings (the CLI's default
  batch size unless --batch-size says otherwise), no response cache;
- with ``--lookup K``, edgebench again with copy speculation (``prompt_lookup=K``) for its generation.

Both run at ``--dtype`` (default: what ``--dtype auto`` resolves to here), so the ratio is engineering,
not precision; where that is not float32, ``--agreement`` adds the path at float32 and counts how many
predictions bf16 keeps. The roofline: bytes of weights one decode step reads, this machine's memory
bandwidth (a STREAM-like copy, here), the batch-1 limit they give, and the share of it each path's decode
reaches.

    python benchmarks/eval_throughput.py [--tasks edge_intent,edge_json,...] [--per-task 8] [--lookup 4]
"""
from __future__ import annotations

import argparse
import json
import time
from typing import Any

import torch

from edgebench.backends.base import GenerateRequest, GenerateResult, ScoreRequest, ScoreResult
from edgebench.backends.hf import HFBackend, _FirstTokenClock, resolve_dtype
from edgebench.evaluator import RunSettings, evaluate
from edgebench.machine.hardware import profile
from edgebench.models import load_backend
from edgebench.plugins import get_registry
from edgebench.tasks.config import select

DEFAULT_TASKS = "edge_intent,edge_spam,edge_toxicity,edge_pii,edge_json,edge_funccall"
PLAIN_RESULTS: list[GenerateResult] = []  # the plain path's decode timings (plain_generate)


@torch.inference_mode()
def plain_generate(hf: HFBackend, req: GenerateRequest) -> GenerateResult:
    from transformers import LogitsProcessorList

    started = time.perf_counter()
    enc = hf.tokenizer(hf.render(req.prompt, req.messages), return_tensors="pt", add_special_tokens=False)
    kwargs: dict[str, Any] = {"stop_strings": list(req.stop), "tokenizer": hf.tokenizer} if req.stop else {}
    clock = _FirstTokenClock()
    out = hf.model.generate(**enc, max_new_tokens=req.max_new_tokens, do_sample=False,
                            pad_token_id=hf.tokenizer.pad_token_id, logits_processor=LogitsProcessorList([clock]),
                            **kwargs)
    ended = time.perf_counter()
    new = out[0, enc["input_ids"].shape[1]:]
    text = hf.tokenizer.decode(new, skip_special_tokens=True)
    cut = min((text.find(s) for s in req.stop if s in text), default=-1)
    PLAIN_RESULTS.append(GenerateResult(text="", completion_tokens=max(len(new) - 1, 0),
                                        decode_seconds=ended - (clock.first or ended)))  # tokens after the first
    return GenerateResult(text=text[:cut] if cut >= 0 else text, prompt_tokens=enc["input_ids"].shape[1],
                          completion_tokens=len(new), seconds=ended - started)


@torch.inference_mode()
def plain_score(hf: HFBackend, req: ScoreRequest) -> ScoreResult:
    started = time.perf_counter()
    context = hf._encode(hf.render(req.prompt, req.messages))
    logprobs, lengths = [], []
    for continuation in req.continuations:
        cont = hf._encode(continuation)
        ids = torch.tensor([context + cont])
        logp = torch.log_softmax(hf.model(input_ids=ids).logits[0, len(context) - 1:-1].float(), dim=-1)
        logprobs.append(float(logp.gather(-1, torch.tensor(cont).unsqueeze(-1)).sum()))
        lengths.append(len(cont))
    return ScoreResult(logprobs=logprobs, num_tokens=lengths, seconds=time.perf_counter() - started)


def run_plain(hf: HFBackend, tasks: list, per_task: int) -> tuple[dict[str, dict], dict[str, list], dict[str, float]]:
    """Every task's metrics, records and wall seconds through the plain loop."""
    metrics, records, seconds = {}, {}, {}
    for task in tasks:
        started = time.perf_counter()
        docs = task.docs("test", per_task)
        task_records = []
        for doc in docs:
            req = task.request(doc)
            res = plain_generate(hf, req) if isinstance(req, GenerateRequest) else plain_score(hf, req)
            task_records.append(task.process(doc, res))
        seconds[task.name] = time.perf_counter() - started
        records[task.name] = task_records
        metrics[task.name] = task.aggregate(task_records, get_registry().metrics, bootstrap_iters=0, seed=0)
    return metrics, records, seconds


def stream_bandwidth(megabytes: int = 256, repeats: int = 5) -> float:
    """Bytes/s of a large array copy (read + write), best of ``repeats``: STREAM's copy kernel."""
    import numpy as np

    a = np.ones(megabytes * (1 << 20) // 8)
    b = np.empty_like(a)
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        np.copyto(b, a)
        best = min(best, time.perf_counter() - started)
    return 2 * a.nbytes / best


def weight_bytes(model: torch.nn.Module) -> int:
    """Bytes of weights one decode step reads: every parameter once (a tied head reads the table)."""
    return sum(p.numel() * p.element_size() for p in model.parameters())


def decode_rate(results: list[GenerateResult]) -> float | None:
    """Decode tokens/s over generation results: completion tokens / decode seconds (prompt pass excluded)."""
    timed = [r for r in results if r.decode_seconds]
    seconds = sum(r.decode_seconds for r in timed)
    return sum(r.completion_tokens for r in timed) / seconds if seconds else None


def capture(backend: Any) -> list[GenerateResult]:
    """Every GenerateResult ``backend.generate`` returns from now on (appended to the list returned)."""
    seen: list[GenerateResult] = []
    inner = backend.generate

    def generate(requests):
        out = inner(requests)
        seen.extend(out)
        return out

    backend.generate = generate
    return seen


def prediction(record: dict) -> str:
    return json.dumps(record.get("pred", record.get("output")), sort_keys=True, default=str)


def run_fast(model: str, tasks: list, per_task: int, batch: Any, dtype: str, **settings: Any):
    """(results, records, generation results) of ``evaluate`` on a fresh backend."""
    backend = load_backend(model, batch_size=8 if batch == "auto" else batch, dtype=dtype, **settings)
    backend.generate([GenerateRequest(prompt="Hello", max_new_tokens=2)])  # first-call setup outside the timing
    seen = capture(backend)
    results, records = evaluate(backend, tasks, RunSettings(limit=per_task, batch_size=batch, bootstrap_iters=0,
                                                            progress=False))
    return results, records, seen


def same_scores(a_records: list, b_records: list, a_metrics: dict, b_metrics: dict) -> tuple[int, bool]:
    """(predictions alike, every metric equal)."""
    same = sum(prediction(x) == prediction(y) for x, y in zip(a_records, b_records))
    a = {k: v for k, v in a_metrics.items() if k != "alias" and not k.endswith("_stderr")}
    equal = all(abs((a[k] or 0) - (b_metrics.get(k) or 0)) < 1e-9 for k in a)
    return same, equal


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="hf:SmolLM2-135M-Instruct")
    parser.add_argument("--tasks", default=DEFAULT_TASKS)
    parser.add_argument("--per-task", type=int, default=8, help="test samples per task (the first N)")
    parser.add_argument("--batch-size", default="8", help="EdgeBench path's batch size (an integer or auto)")
    parser.add_argument("--dtype", default="auto", help="both paths' dtype (auto: what --dtype auto resolves to here)")
    parser.add_argument("--lookup", type=int, default=0, help="also run edgebench with prompt_lookup=K draft tokens")
    parser.add_argument("--agreement", action="store_true", help="where --dtype is not float32: also at float32")
    parser.add_argument("--threads", type=int, default=None,
                        help="torch threads for both paths (1 keeps a shared CPU from stalling the threads)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    batch = args.batch_size if args.batch_size == "auto" else int(args.batch_size)
    dtype = resolve_dtype(args.dtype)

    tasks = select(args.tasks)
    plain_backend = HFBackend(args.model, dtype=dtype)
    hw = profile()
    bandwidth = stream_bandwidth()
    step_bytes = weight_bytes(plain_backend.model)
    limit = bandwidth / step_bytes
    print(f"# {hw['cpu']}, {hw['cpu_affinity']} cores, torch threads {hw['torch_threads']}, "
          f"{', '.join(hw['instruction_sets'])}; {args.model}; {args.per_task} samples per task")
    print(f"# both paths {dtype} | plain: batch 1 | edgebench: batch {batch}"
          + (f" | lookup: prompt_lookup={args.lookup}" if args.lookup else ""))
    print(f"# roofline: {step_bytes / 1e6:.0f} MB of weights a decode step, copy bandwidth {bandwidth / 1e9:.1f} GB/s: "
          f"batch-1 decode limit {limit:.1f} tok/s")

    plain_generate(plain_backend, GenerateRequest(prompt="Hello", max_new_tokens=2))
    PLAIN_RESULTS.clear()
    plain_metrics, plain_records, plain_seconds = run_plain(plain_backend, tasks, args.per_task)
    paths = {"edgebench": run_fast(args.model, tasks, args.per_task, batch, dtype)}
    if args.lookup:
        paths["lookup"] = run_fast(args.model, tasks, args.per_task, batch, dtype, prompt_lookup=args.lookup)

    names = list(paths)
    print(f"\n{'task':<16} {'n':>3} {'plain s/sample':>15} " + " ".join(f"{n + ' s/sample':>19} {'x':>6}" for n in names)
          + f" {'same preds':>11} {'same metrics':>13}")
    totals = {n: 0.0 for n in ["plain", *names]}
    all_equal = True
    for task in tasks:
        n = len(plain_records[task.name])
        plain_s = plain_seconds[task.name]
        totals["plain"] += plain_s
        cells, sames = [], []
        for name in names:
            results, records, _ = paths[name]
            fast_s = results["cost"][task.name]["wall_s"]
            totals[name] += fast_s
            same, equal = same_scores(records[task.name], plain_records[task.name], results["results"][task.name],
                                      plain_metrics[task.name])
            all_equal &= equal and same == n
            cells.append(f"{fast_s / n:>19.3f} {plain_s / fast_s:>5.1f}x")
            sames.append((same, equal))
        print(f"{task.name:<16} {n:>3} {plain_s / n:>15.3f} " + " ".join(cells)
              + f" {'/'.join(str(s) for s, _ in sames):>5}/{n:<5} {'yes' if all(e for _, e in sames) else 'NO':>13}")
    n_all = sum(len(v) for v in plain_records.values())
    print(f"\nplain:     {n_all / totals['plain']:.3f} samples/s ({totals['plain']:.1f} s)")
    for name in names:
        print(f"{name + ':':<10} {n_all / totals[name]:.3f} samples/s ({totals[name]:.1f} s); "
              f"speed-up {totals['plain'] / totals[name]:.2f}x")
    rates = {"plain": decode_rate(PLAIN_RESULTS), **{n: decode_rate(paths[n][2]) for n in names}}
    for name, rate in rates.items():
        if rate:
            per_row = f", {rate / (limit * batch):.1%} of batch {batch}'s ({batch} rows a step)" if name != "plain" else ""
            print(f"decode {name}: {rate:.1f} tok/s = {rate / limit:.1%} of the batch-1 limit{per_row}")
    if args.agreement and dtype != "float32":
        results, records, _ = run_fast(args.model, tasks, args.per_task, batch, "float32")
        base = paths["edgebench"][1]
        kept = sum(prediction(a) == prediction(b) for t in tasks for a, b in zip(records[t.name], base[t.name]))
        print(f"{dtype} against float32 (edgebench path): {kept}/{n_all} predictions the same")
    print(f"same outputs: {'yes' if all_equal else 'no (see table)'}")


if __name__ == "__main__":
    main()
